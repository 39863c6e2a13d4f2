#!/usr/bin/env bash
# Usage: deploy/restore.sh FILE
# Puts a dump of deploy/backup.sh back into an empty (or wiped) database, with every copy of the
# service stopped, in one transaction: it works completely or changes nothing. Then it moves the
# change sequence far ahead (RESTORE_SEQ_GAP, default 10,000,000): a phone that synced after the
# dump was made has a pull cursor past the restored sequence, and without the gap it would never
# pull the changes made after the restore that got numbers below its cursor.
set -euo pipefail
file=${1:?usage: deploy/restore.sh FILE}
url=${DATABASE_URL:-$(cat "${DATABASE_URL_FILE:?set DATABASE_URL or DATABASE_URL_FILE}")}
gap=${RESTORE_SEQ_GAP:-10000000}
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$url" "$file"
psql "$url" --quiet --no-psqlrc --tuples-only -v ON_ERROR_STOP=1 -v gap="$gap" >/dev/null <<'SQL'
SELECT setval('change_seq', (SELECT last_value FROM change_seq) + :gap) AS change_seq_now;
SQL
echo "restore: $file restored; change sequence moved ahead by $gap"
