-- 006: the audit trigger (005) runs only for rows that miss something it can fill. Until now it ran
-- for every row, and its look-ups in users and records cost a query per row: most of the audit
-- insert of a push of 500, and of a pull's read rows. The writers now name the role (the session's
-- actor) and the pupil themselves (push from the records it just wrote, pull from the answer), so
-- for them the trigger is skipped; a row without role, or about a record without a named pupil, is
-- still filled exactly as before (the function is unchanged).
DROP TRIGGER audit_log_fill ON audit_log;
CREATE TRIGGER audit_log_fill BEFORE INSERT ON audit_log FOR EACH ROW
  WHEN (NEW.role IS NULL AND NEW.user_id IS NOT NULL
        OR NEW.pupil_id IS NULL AND NEW.record_id IS NOT NULL AND NEW.entity IS NOT NULL)
  EXECUTE FUNCTION audit_log_fill();
