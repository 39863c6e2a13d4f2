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
