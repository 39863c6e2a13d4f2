-- 013: the verzuimroute and the leerplichtambtenaar. Absence entries ('absence') and routes
-- ('verzuimroute') are records like any other; this adds the role, the gemeenten a
-- leerplichtambtenaar works for (their schools are the schools of those gemeenten), and the
-- retention terms of the two new record types.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('jeugdprofessional', 'ib', 'coordinator', 'beheerder', 'leerplicht'));

CREATE TABLE user_gemeenten (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  area_id uuid NOT NULL REFERENCES areas (id),
  PRIMARY KEY (user_id, area_id)
);

INSERT INTO retention_terms (entity, months, source) VALUES
  ('absence', 60, 'AVG art. 5 lid 1 onder e (opslagbeperking): verzuimregistratie, 5 jaar (keuze van de regio)'),
  ('verzuimroute', 240, 'Jeugdwet art. 7.3.8: onderdeel van het dossier, 20 jaar')
ON CONFLICT (entity) DO NOTHING;
