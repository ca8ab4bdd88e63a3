#!/usr/bin/env bash
# Soak: one engine under supervision at a steady rate (~20,000 tells/s, ~2,000 asks/s, a few broadcasts
# and askEveryone per second, 0.5% of messages crash their handler) for N minutes, watched for leaks.
#
#   scripts/soak.sh --minutes 30        # a report line per minute, then totals and checks
#   scripts/soak.sh --seconds 20        # a smoke run (four report lines)
#
# Each report line: heap used after an explicit GC, live threads, the engine's threads, pending asks
# (engine and senders), dead letters, restarts, messages sent and handled. At the end the engine is
# closed and the run exits 1 if an accepted tell was neither handled nor dead-lettered, an ask never
# completed, an engine thread is still alive, or heap after GC grew more than --heap-growth-pct
# (default 20) from the first report to the end (growth under --heap-slack-mb, default 4, is ignored).
# Other options: --report-seconds n --tell-rate n --ask-rate n --broadcast-rate n --ask-everyone-rate n
#   --failure-rate f --seed n. Builds benchmarks/target/benchmarks.jar first if it is missing or older
# than a source.
set -euo pipefail

if [[ $# -eq 0 || "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '2,15p' "$0"; exit 0
fi
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/lib/benchmarks-jar.sh"
jar="$(ensure_benchmarks_jar "$repo")"
# A bounded heap, so that a leak fails the run with an OutOfMemoryError rather than growing unnoticed.
# No --add-opens: the soak does not use Agrona.
exec java -Xmx512m -XX:+ExitOnOutOfMemoryError \
  -cp "$jar" io.rampart.bench.soak.Soak "$@"
