#!/usr/bin/env bash
# Compare Rampart with its peers: builds the benchmarks jar, runs a JMH subset, a short JMH run with -prof gc
# (bytes per op of tellOne and askOne), the fixed-rate latency harness and the idle-CPU measurement, then
# writes summary.md (targets, tables) and PNG charts from the files that run produced.
#
#   scripts/compare.sh --smoke   proves the pipeline, Rampart included (~1.5 min of benchmarks); benchmarks/target/
#   scripts/compare.sh --quick   nearly every configuration, one short fork each: under 5 minutes on 2 cores, and
#                                every figure indicative (one fork: ratios without intervals, no verdicts)
#   scripts/compare.sh --full    every default configuration, 3 rounds of one fork each (systems interleaved), at
#                                the annotated iteration counts, and the latency harness's 5 repetitions per subject
#                                and rate sweep: ~60 minutes on 2 cores, under the 90-minute budget;
#                                the run whose pairs carry intervals and verdicts
#
# Every run prints its own estimate before it starts and the time it took at the end;
#   scripts/compare.sh --full --estimate   builds, prints the estimate and the JMH invocations, and stops.
#
# Output: perf-reports/<date>-<host>/ (smoke: benchmarks/target/perf-smoke/<date>-<host>/) with jmh.<n>.json and
# jmh.<n>.log per JMH invocation, jmh-gc.json, jmh-gc.log, *.hgrm (latency-runs/*.hgrm: every harness run),
# latency-summary.csv, latency.log, idle-cpu.txt, summary.md, *.png.
set -euo pipefail

mode="${1:---quick}"
estimate_only=false
if [[ "${2:-}" == --estimate ]]; then estimate_only=true; fi
# Per mode: JMH timing (jmh_time) and selection (jmh_runs), the same for the -prof gc run (gc_time), latency
# harness options, idle-CPU seconds. Each jmh_runs entry is one JMH invocation: benchmark regexes, -e excludes
# and -p lists, as one string (no spaces inside a regex). Every benchmark takes its system as @Param system,
# with values of its own (rampart-yielding, disruptor-single-blocking, pekko: see each benchmark's javadoc), and
# a -p applies to every benchmark of an invocation, so picking values for two benchmarks takes two invocations.
# Invocation n writes jmh.<n>.json and jmh.<n>.log; with rounds > 1 (--full), round k of it writes jmh.<n>.r<k>.json
# and jmh.<n>.r<k>.log: every invocation runs once per round, one fork per configuration, so the systems of a pair
# alternate across rounds and a drift of the machine lands on both sides (the report joins each configuration's
# forks, JmhRecord.mergeForks).
rounds=1
case "$mode" in
  --smoke)
    jmh_time=(-f 1 -wi 1 -i 1 -w 1s -r 1s)
    # A throughput and a SampleTime result per side: Rampart's yielding and default waits against their Disruptor
    # pairs, Pekko default and tuned; Rampart's default-wait ask against Pekko's, default and tuned.
    jmh_runs=('\.TellBenchmark\.tell$ -p system=rampart-yielding,rampart-backoffThenPark,disruptor-single-yielding,disruptor-single-phasedLite,pekko,pekko-tuned'
              '\.AskBenchmark\.ask$ -p system=rampart-backoffThenPark,pekko,pekko-tuned')
    gc_time=(-f 1 -wi 1 -i 1 -w 1s -r 1s)
    # Every latency subject once (a fresh JVM each) for 0.5 s after 0.5 s of warm-up; a one-rate sweep of two
    # subjects, so the sweep's path runs too. ~30 s.
    harness_opts=(--rate 2000 --reps 1 --warmup 0.5 --duration 0.5 --sweep 8000 --sweep-warmup 0.5
                  --sweep-duration 0.5 --sweep-subjects rampart,pekko-ask)
    idle_opts=(--seconds 2 --settle 1)
    ;;
  --quick)
    # One warm-up and one measurement second per configuration: ~4 s each with the fork's start, for ~45
    # configurations. One fork, so no interval and no verdict: indicative only.
    jmh_time=(-f 1 -wi 1 -i 1 -w 1s -r 1s)
    # Every benchmark at its defaults, except the rows paired with nothing, left to --full to stay under 5 minutes:
    # the Disruptor's BlockingWaitStrategy (disruptor-*-blocking, an extra row) and the multi-producer ring with ONE
    # producer in TellBenchmark (disruptor-multi-*, a design note). Those benchmarks' -p lists are their defaults
    # without those, read from the jar after the build (quick_lists below), so a new default is not forgotten here.
    # The journal (fsync per message; issue 11's example) is left to --full too: it measures a disk, not a peer.
    jmh_runs=('io\.rampart\.bench\. -e \.TellBenchmark\. -e \.TellTwoProducersBenchmark\. -e \.AskBenchmark\. -e \.JournalBenchmark\.')
    quick_lists=('\.TellBenchmark\.tell$|^disruptor-multi-|-blocking$'
                 '\.TellTwoProducersBenchmark\.tell$|-blocking$'
                 '\.AskBenchmark\.ask$|-blocking$')
    gc_time=(-f 1 -wi 1 -i 1 -w 1s -r 1s)
    # One repetition per subject (0.5 s of warm-up, 1 s at the low-load rate) and a one-rate sweep (20000/s, 0.5 s
    # + 0.5 s): a fresh JVM's ask path may still be compiling, and one repetition has no spread; indicative. ~55 s.
    harness_opts=(--rate 2000 --reps 1 --warmup 0.5 --duration 1 --sweep 20000 --sweep-warmup 0.5
                  --sweep-duration 0.5)
    idle_opts=(--seconds 5 --settle 1)
    ;;
  --full)
    # Three rounds of one fork each (see rounds above): 3 forks per configuration, the fewest a verdict takes.
    rounds=3
    jmh_time=(-f 1 -wi 3 -i 5 -w 2s -r 2s)
    jmh_runs=('io\.rampart\.bench\.')
    gc_time=(-f 1 -wi 2 -i 3 -w 2s -r 2s)
    # 5 repetitions per subject, each a fresh JVM (2 s warm-up, 8 s at the low-load rate), in a random order, and a
    # sweep of 4 rates (1 s + 4 s each) per subject: ~13 minutes (the harness's own --estimate).
    harness_opts=(--rate 2000 --reps 5 --warmup 2 --duration 8 --sweep 5000,10000,20000,40000 --sweep-warmup 1
                  --sweep-duration 4)
    idle_opts=(--seconds 10 --settle 2)
    ;;
  -h|--help)
    sed -n '2,19p' "$0"; exit 0 ;;
  *)
    echo "usage: $0 [--smoke|--quick|--full]" >&2; exit 2 ;;
esac
# Allocation per op: tellOne (1 producer -> 1 slot) and askOne (256 in flight), Rampart's default wait strategy;
# one invocation, since both benchmarks have that value.
gc_run='\.TellBenchmark\.tell$ \.AskInFlightBenchmark\.ask$ -p system=rampart-backoffThenPark'

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$repo/benchmarks/target/benchmarks.jar"
stamp="$(date +%Y-%m-%d_%H%M%S)-$(hostname -s 2>/dev/null || hostname)"
if [[ "$mode" == --smoke ]]; then
  out="$repo/benchmarks/target/perf-smoke/$stamp"
else
  out="$repo/perf-reports/$stamp"
fi
# Agrona 2.6 on Java 17 needs jdk.internal.misc opened (the Agrona queue benchmarks, peers of the slot ring);
# headless for the charts.
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

# The value of option $1 in the following arguments (e.g. opt -wi "${jmh_time[@]}"), or $2 if absent.
opt() {
  local name="$1" default="$2"; shift 2
  while [[ $# -gt 1 ]]; do
    if [[ "$1" == "$name" ]]; then echo "${2%s}"; return; fi
    shift
  done
  echo "$default"
}

# Benchmark/param combinations that one JMH invocation with these selection arguments (regexes, -e, -p) runs:
# per benchmark, the product of its params' value counts, where a -p list counts its own values.
combinations() {
  local select=() overrides=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -p) overrides+="${2%%=*}=$(( $(tr -cd , <<< "${2#*=}" | wc -c) + 1 )) "; shift 2 ;;
      -e) select+=("$1" "$2"); shift 2 ;;
      *) select+=("$1"); shift ;;
    esac
  done
  java "${java_opts[@]}" -jar "$jar" -lp "${select[@]}" | awk -v o="$overrides" '
    BEGIN { n = split(o, kv, " "); for (i = 1; i <= n; i++) { split(kv[i], a, "="); over[a[1]] = a[2] } }
    /^Benchmarks:/ { next }
    /^[^ ]/ { total += product; product = 1; next }
    /param "/ { match($0, /param "[^"]*"/); p = substr($0, RSTART + 7, RLENGTH - 8)
                if (p in over) { product *= over[p] }
                else { v = $0; sub(/.*= \{/, "", v); product *= gsub(/,/, ",", v) + 1 } }
    END { total += product; print total }'
}

# The default values of @Param $2 of the benchmarks matching $1, one a line.
param_defaults() {
  java "${java_opts[@]}" -jar "$jar" -lp "$1" | sed -n "s/^ *param \"$2\" = {\(.*\)}\$/\1/p" | tr -d ' ' | tr , '\n'
}

# Seconds for one JMH invocation of $1 combinations with the timing options that follow: per fork, warm-up
# and measurement plus ~2 s of JVM start, set-up and the last invocation running past its iteration.
jmh_seconds() {
  local n="$1"; shift
  local f wi w i r
  f=$(opt -f 1 "$@"); wi=$(opt -wi 1 "$@"); w=$(opt -w 1 "$@"); i=$(opt -i 1 "$@"); r=$(opt -r 1 "$@")
  echo $(( n * f * (wi * w + i * r + 2) ))
}

mkdir -p "$out"
echo "compare.sh $mode -> $out"

step "build (mvn package: benchmarks/dist, the runnable jar, and what it is made of)"
(cd "$repo" && mvn -B -q -pl benchmarks/dist -am package -DskipTests)

for entry in "${quick_lists[@]:-}"; do
  [[ -n "$entry" ]] || continue
  bench="${entry%%|*}" drop="${entry#*|}"
  jmh_runs+=("$bench -p system=$(param_defaults "$bench" system | grep -Ev -- "$drop" | paste -sd, -)")
done
jmh_n=0
for run in "${jmh_runs[@]}"; do
  read -ra run_args <<< "$run"
  jmh_n=$(( jmh_n + $(combinations "${run_args[@]}") ))
done
read -ra gc_args <<< "$gc_run"
gc_n=$(combinations "${gc_args[@]}")
subjects=$(java "${java_opts[@]}" -cp "$jar" io.rampart.bench.latency.LatencyHarness --list | wc -l)
est_jmh=$(( rounds * ($(jmh_seconds "$jmh_n" "${jmh_time[@]}") + ${#jmh_runs[@]}) ))   # + ~1 s per invocation's JVM
est_gc=$(jmh_seconds "$gc_n" "${gc_time[@]}")
# The harness plans its own jobs (a JVM per subject and repetition, plus the sweep) and estimates them.
est_harness=$(java "${java_opts[@]}" -cp "$jar" io.rampart.bench.latency.LatencyHarness "${harness_opts[@]}" --estimate)
est_idle=$(( $(opt --seconds 10 "${idle_opts[@]}") + $(opt --settle 1 "${idle_opts[@]}") + 2 ))
est_total=$(( est_jmh + est_gc + est_harness + est_idle ))
printf 'estimate: JMH %d combinations x %d round(s) ~%d s, -prof gc %d ~%d s, harness %d subjects (one JVM per run) ~%d s, idle ~%d s: ~%d s (~%d min) of benchmarks, plus the build and the report\n' \
  "$jmh_n" "$rounds" "$est_jmh" "$gc_n" "$est_gc" "$subjects" "$est_harness" "$est_idle" "$est_total" \
  "$(( (est_total + 59) / 60 ))"
if [[ "$mode" != --full ]]; then
  echo "one fork per configuration: every ratio in this report is indicative (no interval, no verdict)"
fi
if $estimate_only; then
  printf 'JMH invocations (%d round(s) each, %s):\n' "$rounds" "${jmh_time[*]}"
  printf '  %s\n' "${jmh_runs[@]}"
  rmdir "$out" 2>/dev/null || true
  exit 0
fi
bench_started=$SECONDS

for (( round = 1; round <= rounds; round++ )); do
  n=0
  for run in "${jmh_runs[@]}"; do
    n=$(( n + 1 ))
    read -ra run_args <<< "$run"
    name="jmh.$n"
    if (( rounds > 1 )); then name="jmh.$n.r$round"; fi
    step "JMH $n/${#jmh_runs[@]}, round $round/$rounds: $run (${jmh_time[*]})"
    run_logged "$out/$name.log" '^# (Run progress|Benchmark:|Parameters)|^Iteration|^Result|ERROR|Exception' \
      java "${java_opts[@]}" -jar "$jar" "${run_args[@]}" "${jmh_time[@]}" -foe true -rf json -rff "$out/$name.json"
  done
done

step "JMH -prof gc: $gc_run (${gc_time[*]})"
run_logged "$out/jmh-gc.log" '^# (Benchmark:|Parameters)|^Result|gc\.alloc\.rate\.norm|ERROR|Exception' \
  java "${java_opts[@]}" -jar "$jar" "${gc_args[@]}" "${gc_time[@]}" -prof gc \
    -foe true -rf json -rff "$out/jmh-gc.json"

step "latency harness (${harness_opts[*]})"
run_logged "$out/latency.log" '.' \
  java "${java_opts[@]}" -cp "$jar" io.rampart.bench.latency.LatencyHarness "${harness_opts[@]}" --out "$out"

step "idle CPU (${idle_opts[*]})"
run_logged "$out/idle-cpu.log" '.' \
  java "${java_opts[@]}" -cp "$jar" io.rampart.bench.idle.IdleCpu "${idle_opts[@]}" --out "$out"
bench_elapsed=$(( SECONDS - bench_started ))

step "report"
java "${java_opts[@]}" -cp "$jar" io.rampart.bench.report.ReportWriter "$out" \
  --mode "${mode#--}" --cores "$(nproc)"

step "done in $((SECONDS - started)) s: $out"
printf 'benchmarks took %d s (estimated ~%d s); total with build and report %d s\n' \
  "$bench_elapsed" "$est_total" "$((SECONDS - started))"
ls -1 "$out"
