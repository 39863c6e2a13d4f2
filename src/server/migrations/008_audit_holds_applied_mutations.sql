-- 008: a pushed mutation is written once, to the audit log, instead of twice (issue 4: push speed).
-- Until now each applied mutation was one row in applied_mutations (I3: at most once) and one row in
-- audit_log (NEN 7513: who, role, device, record, pupil), holding the same facts: mutation id, user,
-- device, record, seq (audit detail ->> 'seq'), time. The audit row now names the mutation in its own
-- column, and a unique index on it is what applied_mutations' primary key was: the push looks a
-- batch's ids up there (under the change lock, as before) and a second insert of one id fails the
-- whole transaction. Nothing is rewritten: audit_log stays append-only (no UPDATE: old rows keep
-- mutation_id NULL), and applied_mutations keeps the rows it has, no longer written; the push reads
-- both, so a mutation applied before this migration is still answered `duplicate`.
ALTER TABLE audit_log ADD COLUMN mutation_id uuid;
CREATE UNIQUE INDEX audit_log_mutation ON audit_log (mutation_id) WHERE mutation_id IS NOT NULL;
COMMENT ON TABLE applied_mutations IS
  'Mutations applied before migration 008; since then audit_log.mutation_id (src/server/sync/push.ts). Read, never written.';

-- Two indexes no query reads, each written for every audit row (every pushed mutation, every pupil
-- a pull sends): the log is read per pupil (audit_log_pupil, "Wie zag dit dossier") and per period
-- (audit_log_at, the CSV export), never per record or per user (src/server/routes/audit.ts).
DROP INDEX audit_log_record;
DROP INDEX audit_log_user;
