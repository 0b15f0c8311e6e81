#!/usr/bin/env bash
# Builds hatchet4j if needed, then runs the demo: the embedded engine, a worker and the examples.
# Arguments go to the demo (for example --once, --grpc-port 0, --http-port 0).
set -euo pipefail
cd "$(dirname "$0")"
jar=examples/target/hatchet4j-examples.jar
if [ ! -f "$jar" ] || [ -n "$(find . -name '*.java' -newer "$jar" -not -path '*/target/*' -print -quit)" ]; then
  mvn -q -B install -DskipTests
fi
exec java -jar "$jar" demo "$@"
