-- 009: sessions that end when they should, accounts the user activates, a second factor per device.

-- A session is one log-in on one device: the chain (family) of refresh tokens that log-in started,
-- and every access token signed for it (claim `sid`). Ending it (log-out, password reset, re-use of a
-- rotated refresh token) refuses all of them at once: authenticate reads it on every request.
CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  device_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- How this log-in was confirmed: 'totp', 'passkey', 'known_device' or 'exempt' (demo accounts).
  second_factor text,
  ended_at timestamptz,
  end_reason text,
  FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user_open ON sessions (user_id) WHERE ended_at IS NULL;

-- Phones logged in before this migration keep their chain: one session per device that has one.
INSERT INTO sessions (id, user_id, device_id, second_factor)
  SELECT gen_random_uuid(), user_id, device_id, 'before_009' FROM refresh_tokens GROUP BY user_id, device_id;
ALTER TABLE refresh_tokens ADD COLUMN session_id uuid REFERENCES sessions (id) ON DELETE CASCADE;
-- The token this one replaced: a retry of a lost refresh answer is told apart from a re-use.
ALTER TABLE refresh_tokens ADD COLUMN parent_hash text;
UPDATE refresh_tokens t SET session_id = s.id FROM sessions s WHERE s.user_id = t.user_id AND s.device_id = t.device_id;
ALTER TABLE refresh_tokens ALTER COLUMN session_id SET NOT NULL;
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- No password until the user chooses one with an activation code: the beheerder never sets one.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
-- Only the demo seed sets this (no route does): the demo accounts log in without a second factor.
ALTER TABLE users ADD COLUMN second_factor_exempt boolean NOT NULL DEFAULT false;

-- One open activation code per user (a new one replaces it), stored as a hash, valid 72 hours, used once.
CREATE TABLE activation_codes (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  code_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  created_by uuid
);

-- The device passed a second factor for this user; a log-in on it asks for none. NULL for devices
-- from before this migration: their next log-in with a password asks (refresh goes on as before).
ALTER TABLE devices ADD COLUMN second_factor_at timestamptz;

-- TOTP (RFC 6238): the shared secret (base32; the server must hold it to check a code), confirmed
-- by a first good code. last_counter refuses a code that was used before (replay).
CREATE TABLE totp_secrets (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  last_counter bigint
);

-- WebAuthn credentials (passkeys): public key and signature counter, never a secret.
CREATE TABLE passkeys (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  public_key text NOT NULL,
  counter bigint NOT NULL DEFAULT 0,
  transports jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX passkeys_user ON passkeys (user_id);

-- A log-in between the password and the second factor: a random token (hash stored) the device
-- presents with its factor, for 10 minutes, at most 5 wrong factors.
CREATE TABLE login_challenges (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL,
  device_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  webauthn_challenge text,
  failures int NOT NULL DEFAULT 0,
  FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, id) ON DELETE CASCADE
);
