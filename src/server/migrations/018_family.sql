-- 018: the gezin (src/domain/family.ts). A family is an ordinary synced record; it is read through
-- the schools of its children (permissions.ts readsFamily, pull.ts), so no new table. Its plan is
-- part of the jeugdhulp dossier of each child, so it is kept as long as the dossier.
INSERT INTO retention_terms (entity, months, source) VALUES
  ('family', 240, 'Jeugdwet art. 7.3.8: het gezinsplan hoort bij het dossier van elk kind, 20 jaar');
