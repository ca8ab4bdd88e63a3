#!/usr/bin/env bash
# Builds the engine's, the remote module's and the metrics module's jars twice from the same sources, each time from a clean tree and
# offline, and fails if any byte differs: each module's jar, sources jar and javadoc jar. Reproducibility comes from
# project.build.outputTimestamp in the parent POM (every jar entry carries that time, not the build's).
#
#   scripts/check-reproducible.sh     prints each jar's SHA-256 for both builds; exits 1 on a difference
#
# Tests are skipped (they do not change the jars); the enforcer rules and javadoc's doclint still run.
# Runs in CI (.ci/run, stage reproducible). Leaves engine/target/, engine/remote/target/ and engine/metrics/target/ holding the second build.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

build() {
  local n=$1
  mvn -B -o -q clean package -pl engine,engine/remote,engine/metrics -DskipTests
  mkdir -p "$out/$n"
  cp engine/target/rampart-engine-*.jar engine/remote/target/rampart-remote-*.jar \
    engine/metrics/target/rampart-metrics-*.jar "$out/$n/"
}
build 1
build 2

status=0
for jar in "$out"/1/*.jar; do
  name=$(basename "$jar")
  a=$(sha256sum < "$jar" | cut -d' ' -f1)
  b=$(sha256sum < "$out/2/$name" | cut -d' ' -f1)
  if [[ $a == "$b" ]]; then
    echo "same      $a  $name"
  else
    echo "DIFFERENT $a $b  $name" >&2
    status=1
  fi
done
[[ $(ls "$out"/1/*.jar | wc -l) -eq 9 ]] || { echo "expected 9 jars (engine, remote and metrics: jar, sources, javadoc)" >&2; status=1; }
exit $status
