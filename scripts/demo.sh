#!/usr/bin/env bash
# Builds Rampart and runs a small demo: an engine with two groups, tells and asks, then a handler that crashes on
# a poison message and its supervisor restarting the slot in place, the messages queued behind it handled by the
# new handler; and what happened. Exits 1 if those messages were not all handled. Runs in CI (.ci/run, stage demo).
# Usage: scripts/demo.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
echo "building (mvn package, tests skipped)..."
mvn -B -q -pl benchmarks/dist -am package -DskipTests
# No --add-opens: the engine does not need it (only the Agrona benchmarks do).
exec java -cp benchmarks/target/benchmarks.jar io.rampart.demo.Demo "$@"
