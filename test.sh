#!/usr/bin/env bash
# Runs every test of hatchet4j: unit and end-to-end tests of each module against the embedded engine.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -ntp verify "$@"
