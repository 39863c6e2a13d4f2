-- 002: the school's side. Never edit a migration that has shipped; add 003_….sql.

-- Whether the jeugdprofessionals of a school's team read and edit each other's casework. When false,
-- each reads only what they made (permissions.ts: Actor.privateSchoolIds).
ALTER TABLE schools ADD COLUMN team_shares boolean NOT NULL DEFAULT true;

-- A pull filters on (entity, school) clauses in version order (permissions.ts readScope): an IB'er
-- or coordinator, who reads a few entities of a busy school, skips the casework via this index.
CREATE INDEX records_entity_school_version ON records (entity, school_id, version);

-- The admin API lists users with their devices, and the audit trail is read per user.
CREATE INDEX audit_log_user ON audit_log (user_id, at);
