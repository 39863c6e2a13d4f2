-- 011: the consent register (toestemming). Consents are records like the casework (entity
-- 'consent', school_id the pupil's school); only their retention term is new. A consent is part of
-- the dossier: it tells on what ground information was shared, so it is kept as long as the dossier.
INSERT INTO retention_terms (entity, months, source) VALUES
  ('consent', 240, 'Jeugdwet art. 7.3.8: grondslag voor het delen van informatie, onderdeel van het dossier, 20 jaar')
ON CONFLICT (entity) DO NOTHING;
