#!/usr/bin/env bash
# Brings up every service the lab tests need, installing Debian packages when missing, and prints
# KEY=VALUE lines (on stdout) that scripts/run-tests.mjs passes to the tests. Logs go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
