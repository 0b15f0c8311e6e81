#!/usr/bin/env bash
# Runs every test of hatchet4j: unit and end-to-end tests of each module against the embedded engine,
# and the interop suite with the official TypeScript and Python SDKs as peers (installed first from
# interop/'s lock files). The interop module prints its scenario table while it runs.
set -euo pipefail
cd "$(dirname "$0")"
bash interop/install.sh
mvn -B -ntp verify "$@"
