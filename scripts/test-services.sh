#!/usr/bin/env bash
# Brings up every service the lab tests need, installing Debian packages when missing, and prints
# KEY=VALUE lines (on stdout) that scripts/run-tests.mjs passes to the tests. Logs go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

# PostgreSQL: the lab cluster on 127.0.0.1:55432 (prints RECLAIM_TEST_PG_URL=...)
bash scripts/postgres-up.sh

# --- Samba AD DC lab (src/lab/samba): up is idempotent and fast when the DC already runs.
node bin/reclaim.mjs lab up >&2
echo "RECLAIM_LAB_DIR=${RECLAIM_LAB_DIR:-$(pwd)/.lab}"
