-- 007: drop records_school_version (001). No query uses it: EXPLAIN ANALYZE of every query on
-- records (tests/bench/sync/explain-records.ts: the pull of each role at cursor 0, mid and top, its
-- count and max, the push's lock read, kengetallen, retention; 40,000 records at 20 schools) picks
-- records_version, records_pkey or a sequential scan, on PostgreSQL 15 and on PGlite, with the index
-- and without it. The pull always filters on entity too (records_entity_school_version covers
-- entity, school, version), and kengetallen compares school_id::text, which no index on school_id
-- serves. Each record insert and each update that changes the version paid for it.
DROP INDEX records_school_version;
