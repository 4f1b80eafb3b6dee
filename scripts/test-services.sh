#!/usr/bin/env bash
# Brings up every service the lab tests need, installing Debian packages when missing, and prints
# KEY=VALUE lines (on stdout) that scripts/run-tests.mjs passes to the tests. Logs go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

# PostgreSQL: the lab cluster on 127.0.0.1:55432 (prints RECLAIM_TEST_PG_URL=...)
bash scripts/postgres-up.sh

# Headless Chromium for the browser tests (reports, console), through playwright-core.
if ! command -v chromium >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >&2 || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >&2; }
fi

# --- Samba AD DC lab (src/lab/samba): up and seed are no-ops (well under a second each) when the
# DC already runs with the default organisation (2,000 accounts, seed 1); a snapshot restores it.
node bin/reclaim.mjs lab up >&2
node bin/reclaim.mjs lab seed >&2
echo "RECLAIM_LAB_DIR=${RECLAIM_LAB_DIR:-$(pwd)/.lab}"
