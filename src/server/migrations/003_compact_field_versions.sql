-- 003: records.field_versions in the compact form of src/server/sync/fieldVersions.ts. Until now it
-- held {field: {v, by, dev}} per field, repeating the writer's user and device id in every field
-- (half the cost of inserting a record). Existing rows are rewritten with every field explicit
-- ({"f": {field: [v, by, dev]}}), which the new code reads as the same metadata; new writes name
-- the meta most fields share once ("d") and only the fields that differ.
UPDATE records
   SET field_versions = jsonb_build_object('f', coalesce(
         (SELECT jsonb_object_agg(e.key, jsonb_build_array(e.value -> 'v', e.value -> 'by', e.value -> 'dev'))
            FROM jsonb_each(records.field_versions) AS e),
         '{}'::jsonb))
 WHERE NOT (field_versions ? 'd' OR field_versions ? 'f');

COMMENT ON COLUMN records.field_versions IS
  'Per-field change metadata for the merge, compact: {"d": [seq, user, device], "f": {field: [seq, user, device] | 0}} (src/server/sync/fieldVersions.ts)';
