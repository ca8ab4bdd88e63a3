#!/usr/bin/env bash
# Head-of-line protection, measured: one slot of two stalls 20 ms every 100 ms; one sender tells at a fixed
# rate (open loop, latency from each send's due time); spill-over on and off, in alternating JVMs, N runs each.
#
#   scripts/stalled-slot.sh [runs (default 3)] [-- StalledSlot options: --rate --seconds --ring --stall-ms ...]
#
# Prints one line per run (refusals, p50/p99/p99.9/max of the send latency, the accounting) and exits 1 if a
# run lost a message. Builds benchmarks/target/benchmarks.jar if it is stale. Run nothing else meanwhile.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/lib/benchmarks-jar.sh"
runs=3
if [[ $# -gt 0 && $1 != -- ]]; then runs=$1; shift; fi
[[ $# -gt 0 && $1 == -- ]] && shift
jar=$(ensure_benchmarks_jar "$repo")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | sed -n 1p)"
for ((r = 1; r <= runs; r++)); do
  for spill in off on; do
    java -Xmx512m -cp "$jar" io.rampart.bench.stall.StalledSlot --spill "$spill" "$@"
  done
done
