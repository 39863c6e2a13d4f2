#!/usr/bin/env bash
# Usage: bash scripts/with-postgres.sh CMD [ARGS…]
# Starts a throw-away PostgreSQL (Debian's `postgresql` package; installs nothing) on 127.0.0.1 on a
# free port, exports DATABASE_URL for CMD, and stops and removes it afterwards, whatever CMD does.
# fsync is off (test speed); WITH_POSTGRES_FSYNC=on for a bench with the durability of a real server.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "with-postgres: no PostgreSQL found under /usr/lib/postgresql/*/bin (apt-get install -y postgresql)" >&2
  exit 1
fi

# initdb and postgres refuse to run as root: run them as the `postgres` user on a dir it owns.
as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then
    if command -v runuser >/dev/null; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
dir=$(mktemp -d /tmp/schoolnabij-pg.XXXXXX)
chmod 700 "$dir"
[[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"

cleanup() {
  as_postgres "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

as_postgres "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
as_postgres "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=${WITH_POSTGRES_FSYNC:-off} -c max_connections=200" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
as_postgres "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres schoolnabij

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/schoolnabij"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
set +e
"$@"
status=$?
exit $status
