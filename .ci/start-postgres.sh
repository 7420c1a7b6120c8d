#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for CI: 127.0.0.1, a free port, a data
# directory under a fresh mktemp dir, run as an unprivileged OS user (the
# `postgres` user created by the Debian package when we are root).
#
# Sourced by .ci/run:      source .ci/start-postgres.sh; ci_pg_start; trap ci_pg_stop EXIT
# By hand:                 eval "$(.ci/start-postgres.sh start)"   # exports DATABASE_URL, CI_PG_ROOT
#                          .ci/start-postgres.sh stop "$CI_PG_ROOT"
#
# The role `skillgrid` has CREATEDB because the integration fixture creates and
# drops one database per test file. Local socket connections are trusted (for
# the bootstrap superuser); TCP connections need the password (scram-sha-256).

CI_PG_USER=${CI_PG_USER:-skillgrid}
CI_PG_PASSWORD=${CI_PG_PASSWORD:-skillgrid-ci}
CI_PG_DB=${CI_PG_DB:-skillgrid}

ci_pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
    echo "start-postgres: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin" >&2
    return 1
  fi
  echo "$dir"
}

# Runs a command as the cluster's OS user, from a directory that user can read.
ci_pg_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

ci_pg_free_port() {
  node -e '
    const server = require("node:net").createServer();
    server.listen(0, "127.0.0.1", () => { console.log(server.address().port); server.close(); });
  '
}

ci_pg_start() {
  local bindir port root
  bindir=$(ci_pg_bindir)
  # Always under /tmp: the postgres user must be able to traverse the parent.
  root=$(mktemp -d /tmp/skillgrid-pg.XXXXXX)
  CI_PG_ROOT=$root
  CI_PG_BINDIR=$bindir
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$root"
  fi
  chmod 700 "$root"

  ci_pg_as_owner "$bindir/initdb" -D "$root/data" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$root/initdb.log" 2>&1 || {
    cat "$root/initdb.log" >&2
    return 1
  }

  # A port can be taken between probing and binding; try a few.
  local attempt
  for attempt in 1 2 3 4 5; do
    port=$(ci_pg_free_port)
    # Durability is pointless for a throwaway cluster; these make migrations per test file fast.
    if ci_pg_as_owner "$bindir/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 start \
      -o "-h 127.0.0.1 -p $port -k $root -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      >/dev/null; then
      break
    fi
    port=
    echo "start-postgres: start on port attempt $attempt failed:" >&2
    tail -n 5 "$root/server.log" >&2 || true
  done
  if [[ -z "$port" ]]; then
    return 1
  fi
  CI_PG_PORT=$port

  ci_pg_as_owner "$bindir/psql" -h "$root" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qX \
    -c "create role $CI_PG_USER login createdb password '$CI_PG_PASSWORD'" \
    -c "create database $CI_PG_DB owner $CI_PG_USER" >/dev/null

  export DATABASE_URL="postgres://$CI_PG_USER:$CI_PG_PASSWORD@127.0.0.1:$port/$CI_PG_DB"
  export CI_PG_ROOT CI_PG_BINDIR CI_PG_PORT
  echo "start-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data $root/data)" >&2
}

# Stops the cluster and removes its directory. Safe to call twice or after a failed start.
ci_pg_stop() {
  local root=${1:-${CI_PG_ROOT:-}}
  [[ -n "$root" && -d "$root" ]] || return 0
  local bindir=${CI_PG_BINDIR:-}
  [[ -n "$bindir" ]] || bindir=$(ci_pg_bindir) || true
  if [[ -n "$bindir" && -f "$root/data/postmaster.pid" ]]; then
    ci_pg_as_owner "$bindir/pg_ctl" -D "$root/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$root"
  CI_PG_ROOT=
}

# Executed rather than sourced: start (print exports) or stop.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    start)
      ci_pg_start
      printf 'export DATABASE_URL=%q CI_PG_ROOT=%q CI_PG_BINDIR=%q CI_PG_PORT=%q\n' \
        "$DATABASE_URL" "$CI_PG_ROOT" "$CI_PG_BINDIR" "$CI_PG_PORT"
      ;;
    stop)
      ci_pg_stop "${2:-}"
      ;;
    *)
      echo "usage: $0 start | stop <CI_PG_ROOT>" >&2
      exit 2
      ;;
  esac
fi
