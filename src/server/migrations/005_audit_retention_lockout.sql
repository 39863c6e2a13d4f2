-- 005: the audit log becomes append-only (NEN 7513) and names role, pupil,
-- on-behalf-of and address; log-in failures for the lockout (shared by N copies); retention terms per
-- record type and a purge marker on records.

ALTER TABLE audit_log ADD COLUMN role text;
ALTER TABLE audit_log ADD COLUMN pupil_id uuid;
ALTER TABLE audit_log ADD COLUMN on_behalf_of text;
ALTER TABLE audit_log ADD COLUMN ip text;
CREATE INDEX audit_log_pupil ON audit_log (pupil_id, at) WHERE pupil_id IS NOT NULL;
CREATE INDEX audit_log_at ON audit_log (at);

-- Every row gets the user's role at the time of the event, and the pupil the record is about when
-- the writer did not name it (the push path writes create/update rows without it): the pupil record
-- itself, or the pupilId of a signal, contact, consultation, Meldcode trajectory or note.
CREATE FUNCTION audit_log_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.role IS NULL AND NEW.user_id IS NOT NULL THEN
    SELECT u.role INTO NEW.role FROM users u WHERE u.id = NEW.user_id;
  END IF;
  IF NEW.pupil_id IS NULL AND NEW.record_id IS NOT NULL THEN
    IF NEW.entity = 'pupil' THEN
      NEW.pupil_id := NEW.record_id;
    ELSIF NEW.entity IS NOT NULL THEN
      SELECT (r.data ->> 'pupilId')::uuid INTO NEW.pupil_id FROM records r WHERE r.id = NEW.record_id;
    END IF;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_log_fill BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_fill();

-- Append-only: no UPDATE, DELETE or TRUNCATE, whoever asks (also the service's own database user).
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- View events from devices are idempotent on the id the device made.
CREATE UNIQUE INDEX audit_log_view_id ON audit_log ((detail ->> 'viewId')) WHERE action = 'read' AND detail ? 'viewId';

-- Wrong passwords, per account name (as typed, lower case; also for names that do not exist, so an
-- unknown account locks exactly like a real one) and per address. Old rows are removed by the
-- retention job.
CREATE TABLE login_failures (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  username text NOT NULL,
  ip text NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

-- Retention terms per record type, in months after the record's last change. No row: kept. The
-- region sets its own terms (UPDATE retention_terms); the defaults and their sources are in README.
CREATE TABLE retention_terms (
  entity text PRIMARY KEY,
  months int NOT NULL CHECK (months > 0),
  source text NOT NULL
);
INSERT INTO retention_terms (entity, months, source) VALUES
  ('pupil', 240, 'Jeugdwet art. 7.3.8: dossier 20 jaar; pas als er niets meer over de leerling bewaard wordt'),
  ('signal', 240, 'Jeugdwet art. 7.3.8: onderdeel van het dossier, 20 jaar'),
  ('contact', 240, 'Jeugdwet art. 7.3.8: onderdeel van het dossier, 20 jaar'),
  ('meldcode', 240, 'Jeugdwet art. 7.3.8 en Wet verplichte meldcode: onderdeel van het dossier, 20 jaar'),
  ('consultation', 24, 'AVG art. 5 lid 1 onder e (opslagbeperking): korte consultatie zonder hulpverleningsrelatie, 2 jaar'),
  ('consultationRequest', 24, 'AVG art. 5 lid 1 onder e (opslagbeperking): consultatievraag van school, 2 jaar'),
  ('consultationNote', 24, 'AVG art. 5 lid 1 onder e (opslagbeperking): eigen aantekening bij een consultatievraag, 2 jaar');

-- A record removed after its term: data emptied, deleted, and this time set. Pull sends it once more
-- as `purged` so devices remove it; push refuses changes to it.
ALTER TABLE records ADD COLUMN purged_at timestamptz;
CREATE INDEX records_pupil ON records ((data ->> 'pupilId'));
