#!/usr/bin/env bash
# Builds Rampart and runs a small demo: an engine with one group, tells and asks, and what happened.
# Usage: scripts/demo.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
echo "building (mvn package, tests skipped)..."
mvn -B -q -pl benchmarks/dist -am package -DskipTests
exec java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar io.rampart.demo.Demo "$@"
