#!/usr/bin/env bash
# Usage: deploy/backup.sh FILE
# A consistent copy of the whole database while the service runs (pg_dump takes one snapshot; the
# copies go on working). Custom format: compressed, restored with deploy/restore.sh. The dump holds
# everything, personal data, password hashes, the token signing key and the device keys included:
# store it encrypted, with the same care as the database (docs/operations.md).
# The database: DATABASE_URL, or the file named by DATABASE_URL_FILE (as the service reads it).
set -euo pipefail
file=${1:?usage: deploy/backup.sh FILE}
url=${DATABASE_URL:-$(cat "${DATABASE_URL_FILE:?set DATABASE_URL or DATABASE_URL_FILE}")}
umask 077
pg_dump --format=custom --no-owner --no-privileges --file="$file" "$url"
echo "backup: $(du -h "$file" | cut -f1) in $file"
