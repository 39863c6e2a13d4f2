-- 001: schools, users, devices, tokens, synced records, conflicts, idempotency, audit.
-- Never edit a migration that has shipped; add 002_….sql.

-- Server-wide settings, e.g. the JWT signing secret: generated once, so N copies share it.
CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE schools (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('po', 'vo', 'so')),
  place text NOT NULL DEFAULT '',
  presence_days jsonb NOT NULL DEFAULT '[]',
  region text NOT NULL DEFAULT ''
);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  -- scrypt$N$r$p$salt$hash (base64url); never the password.
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('jeugdprofessional', 'ib', 'coordinator', 'beheerder')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_schools (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  school_id uuid NOT NULL REFERENCES schools (id),
  PRIMARY KEY (user_id, school_id)
);

-- A device is one user's log-in on one phone or laptop; the id is made by the device. Two users may
-- share a tablet, so the key is (user, device).
CREATE TABLE devices (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  PRIMARY KEY (user_id, id)
);

-- Only a hash of a refresh token is stored. Each refresh replaces the token (rotation).
CREATE TABLE refresh_tokens (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL,
  device_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  replaced_at timestamptz,
  FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, id) ON DELETE CASCADE
);
CREATE INDEX refresh_tokens_device ON refresh_tokens (user_id, device_id);

-- I4: the one global change sequence. Taken only while holding the change lock (see sync/push.ts).
CREATE SEQUENCE change_seq;

-- Every synced record (pupil, signal, contact, consultation) in one table. `data` holds the merge
-- fields (user fields, schoolId, deleted); `field_versions` per field {v: seq, by: user, dev: device};
-- `version` is the seq of the record's last change, so a pull is "version > cursor order by version".
CREATE TABLE records (
  id uuid PRIMARY KEY,
  entity text NOT NULL,
  school_id uuid NOT NULL,
  data jsonb NOT NULL,
  field_versions jsonb NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  version bigint NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX records_version ON records (version);
CREATE INDEX records_school_version ON records (school_id, version);

-- I7: values that lost a same-field conflict, kept until a user resolves them.
CREATE TABLE conflicts (
  id uuid PRIMARY KEY,
  record_id uuid NOT NULL REFERENCES records (id),
  field text NOT NULL,
  value jsonb,
  by_user text NOT NULL,
  at timestamptz NOT NULL,
  mutation_id uuid NOT NULL,
  resolved_at timestamptz,
  resolved_by uuid
);
CREATE INDEX conflicts_open ON conflicts (record_id) WHERE resolved_at IS NULL;

-- I3: a mutation id is applied at most once; a re-push answers from here.
CREATE TABLE applied_mutations (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  device_id uuid NOT NULL,
  record_id uuid NOT NULL,
  status text NOT NULL,
  version bigint NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);

-- Who wrote what, when, from which device.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id uuid,
  device_id uuid,
  action text NOT NULL,
  entity text,
  record_id uuid,
  detail jsonb
);
CREATE INDEX audit_log_record ON audit_log (record_id);
