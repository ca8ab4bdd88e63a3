#!/usr/bin/env bash
# Compare Rampart with its peers: builds the benchmarks jar, runs a JMH subset and the fixed-rate latency
# harness, then writes summary.md and PNG charts from the files that run produced.
#
#   scripts/compare.sh --smoke   proves the pipeline (~30 s of benchmarks); writes under benchmarks/target/
#   scripts/compare.sh --quick   every benchmark, short iterations; under 5 minutes on 2 cores
#   scripts/compare.sh --full    every benchmark at the annotated iteration counts; long
#
# Output: perf-reports/<date>-<host>/ (smoke: benchmarks/target/perf-smoke/<date>-<host>/) with jmh.json,
# jmh.log, *.hgrm, latency-summary.csv, latency.log, summary.md and *.png.
set -euo pipefail

mode="${1:---quick}"
case "$mode" in
  --smoke)
    jmh_opts=(-f 1 -wi 1 -i 1 -w 1s -r 1s -p ring=single -p waitStrategy=yielding)
    # A couple of benchmarks, enough to exercise a throughput and a SampleTime result.
    jmh_include=('DisruptorTellBenchmark\.tell' 'PekkoTellBenchmark\.oneActor' 'PekkoAskBenchmark\.ask')
    harness_opts=(--rate 2000 --warmup 1 --duration 2)
    ;;
  --quick)
    jmh_opts=(-f 1 -wi 1 -i 2 -w 1s -r 1s)
    jmh_include=('io\.rampart\.bench\..*')
    harness_opts=(--rate 5000 --warmup 1 --duration 5)
    ;;
  --full)
    jmh_opts=(-f 2 -wi 3 -i 5 -w 2s -r 2s)
    jmh_include=('io\.rampart\.bench\..*')
    harness_opts=(--rate 10000 --warmup 5 --duration 30)
    ;;
  -h|--help)
    sed -n '2,11p' "$0"; exit 0 ;;
  *)
    echo "usage: $0 [--smoke|--quick|--full]" >&2; exit 2 ;;
esac

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$repo/benchmarks/target/benchmarks.jar"
stamp="$(date +%Y-%m-%d_%H%M%S)-$(hostname -s 2>/dev/null || hostname)"
if [[ "$mode" == --smoke ]]; then
  out="$repo/benchmarks/target/perf-smoke/$stamp"
else
  out="$repo/perf-reports/$stamp"
fi
# Agrona 2.6 on Java 17 needs jdk.internal.misc opened; headless for the charts.
java_opts=(--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -Djava.awt.headless=true)

started=$SECONDS
step() { printf '\n[%4ds] == %s\n' "$((SECONDS - started))" "$*"; }

# Runs a command with its full output in a log, echoing only the lines matching a pattern as progress.
run_logged() {
  local log="$1" pattern="$2"; shift 2
  set +e
  "$@" 2>&1 | tee "$log" | grep --line-buffered -E "$pattern"
  local rc=${PIPESTATUS[0]}
  set -e
  if [[ $rc -ne 0 ]]; then
    echo "FAILED (exit $rc): $*" >&2
    echo "--- last lines of $log ---" >&2
    tail -n 40 "$log" >&2
    exit "$rc"
  fi
}

mkdir -p "$out"
echo "compare.sh $mode -> $out"

step "build (mvn package, benchmarks and what it depends on)"
(cd "$repo" && mvn -B -q -pl benchmarks -am package -DskipTests)

step "JMH: ${jmh_include[*]} (${jmh_opts[*]})"
run_logged "$out/jmh.log" '^# (Run progress|Benchmark:|Parameters)|^Iteration|^Result|ERROR|Exception' \
  java "${java_opts[@]}" -jar "$jar" "${jmh_include[@]}" "${jmh_opts[@]}" \
    -foe true -rf json -rff "$out/jmh.json"

step "latency harness (${harness_opts[*]})"
run_logged "$out/latency.log" '.' \
  java "${java_opts[@]}" -cp "$jar" io.rampart.bench.latency.LatencyHarness "${harness_opts[@]}" --out "$out"

step "report"
java "${java_opts[@]}" -cp "$jar" io.rampart.bench.report.ReportWriter "$out" \
  --mode "${mode#--}" --cores "$(nproc)"

step "done in $((SECONDS - started)) s: $out"
ls -1 "$out"
