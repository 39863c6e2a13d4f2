-- 010: the regional wie-is-wie. Areas above the school (the samenwerkingsverband and each gemeente)
-- carry directory entries the way a school does: a contactPerson record's school_id is then the
-- area's id. Every user reads the entries of the SWV and of the gemeenten of their schools
-- (permissions.ts Actor.areaIds); the coordinator keeps them.
CREATE TABLE areas (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('swv', 'gemeente')),
  name text NOT NULL
);

ALTER TABLE schools ADD COLUMN gemeente_id uuid REFERENCES areas (id);

-- Replacing a phone that still works: it pushes what waits in its outbox at its next sync, and its
-- next pull revokes it, so it wipes itself after nothing is left to lose (routes/sync.ts).
ALTER TABLE devices ADD COLUMN replace_requested_at timestamptz;
-- What made the log-in: a phone or browser ('device'), or the server itself seeding the demo
-- ('server'), which no one can revoke or replace.
ALTER TABLE devices ADD COLUMN kind text NOT NULL DEFAULT 'device' CHECK (kind IN ('device', 'server'));
