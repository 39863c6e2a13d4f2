-- 014: rights of parents and pupils. A short dossier code per pupil, break-the-glass grants for a
-- jeugdprofessional covering for a colleague, and requests to correct or erase (docs/rights.md).

-- A code a person can read out on the phone: 6 characters without 0/O and 1/I/L (31 left, ~887
-- million codes). Kept in the pupil record's data, so it reaches the phone with the record; set by
-- the service only (the app's input schema has no such field), in the push that creates the pupil
-- (sync/push.ts), which falls back on this function when its own draw is taken.
CREATE FUNCTION new_dossier_code() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  alphabet constant text := '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  code text;
BEGIN
  LOOP
    code := '';
    FOR i IN 1..6 LOOP
      code := code || substr(alphabet, 1 + floor(random() * 31)::int, 1);
    END LOOP;
    EXIT WHEN NOT EXISTS (SELECT 1 FROM records WHERE entity = 'pupil' AND data ->> 'dossierCode' = code);
  END LOOP;
  RETURN code;
END
$$;
CREATE UNIQUE INDEX records_dossier_code ON records ((data ->> 'dossierCode')) WHERE entity = 'pupil';

-- Existing pupils get a code, and a new change seq so phones pull them again with it. One statement
-- per pupil, so each new code sees the ones before it. Migrations run one at a time under their lock.
DO $$
DECLARE
  pid uuid;
BEGIN
  FOR pid IN SELECT id FROM records WHERE entity = 'pupil' AND purged_at IS NULL AND NOT data ? 'dossierCode' ORDER BY version LOOP
    UPDATE records SET data = data || jsonb_build_object('dossierCode', new_dossier_code()), version = nextval('change_seq') WHERE id = pid;
  END LOOP;
END
$$;

-- Break-the-glass: temporary access to one pupil of a school outside the user's own, granted at once.
CREATE TABLE break_glass_grants (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  pupil_id uuid NOT NULL,
  school_id uuid NOT NULL,
  reason text NOT NULL,
  granted_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX break_glass_grants_user ON break_glass_grants (user_id, expires_at);
INSERT INTO settings (key, value) VALUES ('break_glass_days', '14') ON CONFLICT (key) DO NOTHING;

-- Requests of a parent or pupil to correct or erase, with the beheerder's decision. An erasure's
-- content is never kept here: `what` says which record, not what it held.
CREATE TABLE rights_requests (
  id uuid PRIMARY KEY,
  pupil_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('correction', 'erasure')),
  requested_by text NOT NULL,
  requested_on date NOT NULL,
  what text NOT NULL,
  record_id uuid,
  -- A correction: the value as it was and as it becomes (the record keeps only the new one).
  old_value text,
  new_value text,
  decision text NOT NULL CHECK (decision IN ('granted', 'refused', 'partly')),
  reason text NOT NULL,
  decided_by uuid NOT NULL,
  decided_at timestamptz NOT NULL
);
CREATE INDEX rights_requests_pupil ON rights_requests (pupil_id, decided_at);

