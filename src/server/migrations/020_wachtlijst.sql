-- 020: the wachtlijst (src/domain/wachtlijst.ts): a pupil's referral to care is an ordinary synced
-- record of the jeugdprofessional's dossier, so no new table; only its retention term. A referral
-- to jeugd-ggz or jeugdhulp is part of the jeugdhulp dossier, kept as long as the dossier.
INSERT INTO retention_terms (entity, months, source) VALUES
  ('wachtlijst', 240, 'Jeugdwet art. 7.3.8: de verwijzing naar zorg hoort bij het dossier, 20 jaar')
ON CONFLICT (entity) DO NOTHING;
