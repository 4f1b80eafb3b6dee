#!/usr/bin/env bash
# Starts the lab's own PostgreSQL cluster for tests and CI, on 127.0.0.1:55432 only, and prints
#   RECLAIM_TEST_PG_URL=postgres://postgres@127.0.0.1:55432/postgres
# on stdout (logs go to stderr). Idempotent: a running cluster is left alone.
# Installs Debian's `postgresql` package when the server binaries are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
port="${RECLAIM_PG_PORT:-55432}"
log() { echo "postgres-up: $*" >&2; }

find_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && { echo "$d"; return 0; }
  done
  return 1
}

if ! bindir="$(find_bindir)"; then
  log "installing Debian's postgresql package"
  # SAFETY: the Debian package starts a cluster on all interfaces unless policy-rc.d forbids it.
  # A policy-rc.d that exits 101 keeps every service from starting during the install.
  if [ ! -x /usr/sbin/policy-rc.d ] || ! grep -q 'exit 101' /usr/sbin/policy-rc.d; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  bindir="$(find_bindir)" || { log "PostgreSQL server binaries not found after install"; exit 1; }
fi
id postgres >/dev/null 2>&1 || { log "the postgres OS user is missing (the package creates it)"; exit 1; }

# initdb refuses to run as root, so the cluster belongs to the postgres OS user. It must be able
# to reach the folder: use <repo>/.lab/pg when every parent is traversable for it, otherwise a
# folder of its own under /var/lib.
datadir="$repo/.lab/pg"
if ! (cd / && runuser -u postgres -- test -x "$repo"); then
  datadir="/var/lib/reclaim-pg/$(printf '%s' "$repo" | sha256sum | cut -c1-12)"
  log "$repo is not traversable for the postgres user; using $datadir"
fi
mkdir -p "$(dirname "$datadir")"
as_pg() { (cd / && runuser -u postgres -- "$@"); }

if [ ! -s "$datadir/PG_VERSION" ]; then
  log "creating the cluster in $datadir"
  mkdir -p "$datadir"
  chown postgres:postgres "$datadir"
  chmod 700 "$datadir"
  # SAFETY: trust authentication is acceptable only because the lab cluster listens on loopback
  # and on a socket inside its own 0700 folder; it is a test fixture, never a production store.
  as_pg "$bindir/initdb" -D "$datadir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >&2
  cat >> "$datadir/postgresql.conf" <<CONF
# Reclaim lab cluster
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$datadir'
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > "$datadir/pg_hba.conf"
  chown postgres:postgres "$datadir/pg_hba.conf"
fi

if as_pg "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
  log "already running"
elif "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  # Another checkout's lab cluster already holds the port; it is configured the same way
  # (loopback, trust), so the tests can use it: each test file creates its own databases.
  log "127.0.0.1:$port is already served by another PostgreSQL; using it"
else
  log "starting on 127.0.0.1:$port"
  as_pg "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w -t 60 start >&2 || {
    tail -n 30 "$datadir/server.log" >&2 || true
    exit 1
  }
fi
for _ in $(seq 1 60); do
  "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done
"$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" || { log "PostgreSQL does not answer on 127.0.0.1:$port"; exit 1; }
echo "RECLAIM_TEST_PG_URL=postgres://postgres@127.0.0.1:$port/postgres"
