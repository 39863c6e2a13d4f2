-- The answer term of a rights request (docs/rights.md, src/domain/rightsTerm.ts). A request can now be
-- recorded before it is decided: an open request has no decision yet, and its term runs. Inzage and
-- bezwaar are requests too. An extension keeps its new date and the reason told to the asker, with
-- who set it and when; the audit log holds each extension as well.
ALTER TABLE rights_requests DROP CONSTRAINT rights_requests_kind_check;
ALTER TABLE rights_requests ADD CONSTRAINT rights_requests_kind_check CHECK (kind IN ('inzage', 'correction', 'erasure', 'objection'));
ALTER TABLE rights_requests
  ALTER COLUMN decision DROP NOT NULL,
  ALTER COLUMN reason DROP NOT NULL,
  ALTER COLUMN decided_by DROP NOT NULL,
  ALTER COLUMN decided_at DROP NOT NULL,
  ADD COLUMN recorded_by uuid,
  ADD COLUMN recorded_at timestamptz,
  ADD COLUMN extended_until date,
  ADD COLUMN extension_reason text,
  ADD COLUMN extended_by uuid,
  ADD COLUMN extended_at timestamptz,
  ADD CONSTRAINT rights_requests_decided CHECK ((decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL) = (reason IS NULL)),
  ADD CONSTRAINT rights_requests_extension CHECK ((extended_until IS NULL) = (extension_reason IS NULL));
-- Requests recorded before this migration were decided when they were recorded.
UPDATE rights_requests SET recorded_by = decided_by, recorded_at = decided_at;
ALTER TABLE rights_requests ALTER COLUMN recorded_by SET NOT NULL, ALTER COLUMN recorded_at SET NOT NULL;
CREATE INDEX rights_requests_open ON rights_requests (requested_on) WHERE decision IS NULL;
