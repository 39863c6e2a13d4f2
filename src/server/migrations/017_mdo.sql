-- 017: the MDO (ZAT) at a school: meetings, agenda items and agreements are records like the rest
-- (entities 'mdoMeeting', 'mdoItem', 'mdoAgreement', school_id the meeting's school); only their
-- retention terms are new. What was discussed and agreed about a pupil in a multidisciplinary
-- meeting is part of the dossier of the help around the child; the meeting keeps its items company.
INSERT INTO retention_terms (entity, months, source) VALUES
  ('mdoMeeting', 240, 'Jeugdwet art. 7.3.8: het overleg waarin het verslag over de leerling is gemaakt, 20 jaar'),
  ('mdoItem', 240, 'Jeugdwet art. 7.3.8: verslag van het multidisciplinair overleg over de leerling, onderdeel van het dossier, 20 jaar'),
  ('mdoAgreement', 240, 'Jeugdwet art. 7.3.8: afspraken uit het multidisciplinair overleg, onderdeel van het dossier, 20 jaar')
ON CONFLICT (entity) DO NOTHING;
