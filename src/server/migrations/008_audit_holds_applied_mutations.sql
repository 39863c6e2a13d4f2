-- 008: a pushed mutation is written once, to the audit log, instead of twice (push speed).
-- Until now each applied mutation was one row in applied_mutations (I3: at most once) and one row in
-- audit_log (NEN 7513: who, role, device, record, pupil), holding the same facts: mutation id, user,
-- device, record, seq (audit detail ->> 'seq'), time. The audit row now names the mutation in its own
-- column, and a unique index on it is what applied_mutations' primary key was: the push looks a
-- batch's ids up there (under the change lock, as before) and a second insert of one id fails the
-- whole transaction. Nothing is rewritten: audit_log stays append-only (no UPDATE: old rows keep
-- mutation_id NULL), and applied_mutations keeps the rows it has, no longer written; the push reads
-- both, so a mutation applied before this migration is still answered `duplicate`.
-- Deploying: stop every copy of the service before the first copy of this version starts. A copy of
-- the old version looks only in applied_mutations, so a mutation this version applied and a device
-- sent again through an old copy would be applied twice. For the same reason a rollback of the code
-- past 008 loses the at-most-once guarantee for what was pushed since.
ALTER TABLE audit_log ADD COLUMN mutation_id uuid;
CREATE UNIQUE INDEX audit_log_mutation ON audit_log (mutation_id) WHERE mutation_id IS NOT NULL;
COMMENT ON TABLE applied_mutations IS
  'Mutations applied before migration 008; since then audit_log.mutation_id (src/server/sync/push.ts). Read, never written.';

-- Two indexes no query reads, each written for every audit row (every pushed mutation, every pupil
-- a pull sends): the log is read per pupil (audit_log_pupil, "Wie zag dit dossier") and per period
-- (audit_log_at, the CSV export), never per record or per user (src/server/routes/audit.ts).
DROP INDEX audit_log_record;
DROP INDEX audit_log_user;

-- The push writes its audit rows in the same statement as the records they are about (data-modifying
-- WITH, src/server/sync/push.ts), where the fill trigger's look-up in records would see a record as
-- it was before the batch. A push names role and pupil itself, null included (the pupil of the record
-- after the whole batch, pushPlan.ts), so rows with a mutation_id are never filled.
DROP TRIGGER audit_log_fill ON audit_log;
CREATE TRIGGER audit_log_fill BEFORE INSERT ON audit_log FOR EACH ROW
  WHEN (NEW.role IS NULL AND NEW.user_id IS NOT NULL
        OR NEW.pupil_id IS NULL AND NEW.record_id IS NOT NULL AND NEW.entity IS NOT NULL AND NEW.mutation_id IS NULL)
  EXECUTE FUNCTION audit_log_fill();
