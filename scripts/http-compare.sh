#!/usr/bin/env bash
# The HTTP front under open-loop load (Gatling, benchmarks/http-load): the same Netty server with its workers as a
# Rampart group, a ThreadPoolExecutor, and Pekko actors on Pekko's defaults (pekko) and tuned as its docs advise
# (pekko-tuned), plus a calibration server that answers on its event loop (inline). For each: a warm-up, fixed
# request rates, a rate sweep up to the saturation knee, then (not for inline) a failure run at a fixed rate: 1% of
# requests crash their worker, and in its middle every worker loses its "connection" for a moment.
# The server runs on CPU 0 and Gatling on CPU 1 (taskset), each JVM told it has one processor.
#
#   scripts/http-compare.sh --smoke   proves the pipeline at one low rate (~90 s); writes under benchmarks/target/perf-smoke/
#   scripts/http-compare.sh --quick   a short sweep per variant (< 5 min); indicative only
#   scripts/http-compare.sh --full    fixed rates, the sweep, fixed rates at 50% and 80% of each knee (~13 min); the numbers to quote
#
# Output: perf-reports/http-<date>-<host>/ (smoke: benchmarks/target/perf-smoke/http-<date>-<host>/) with, per
# variant, <v>-load.tsv (each step, the failure run's last: rates, counts, percentiles), <v>-stats.json (the
# server's counters after the failure run), <v>-server.log, <v>-gatling*.log; then summary.md. Servers bind 127.0.0.1 only;
# every run is bounded in time.
set -euo pipefail

mode="${1:---quick}"
case "$mode" in
  --smoke) warm=2; warm_rate=200; fixed=(200); fixed_s=3; sweep=(); step_s=0; knee_fixed=no
           fault_rate=200; fault_s=3; outage_at=1; outage_ms=1500; estimate="about 90 s" ;;
  --quick) warm=5; warm_rate=1000; fixed=(); fixed_s=0; sweep=(1000 2000 4000 6000 8000 12000 16000 24000); step_s=3
           knee_fixed=no; fault_rate=1000; fault_s=8; outage_at=3; outage_ms=2000; estimate="about 4 min" ;;
  --full)  warm=15; warm_rate=2000; fixed=(1000 3000); fixed_s=15
           sweep=(1000 2000 3000 4000 6000 8000 10000 12000 16000 20000 24000 32000); step_s=5; knee_fixed=yes
           fault_rate=2000; fault_s=20; outage_at=8; outage_ms=2000; estimate="about 13 min (at most 15)" ;;
  -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
  *) echo "usage: $0 [--smoke|--quick|--full]" >&2; exit 2 ;;
esac

variants=(rampart executor pekko pekko-tuned)   # pekko: its defaults; pekko-tuned: as its docs advise (PekkoSystems)
calibration=inline                              # answers on the event loop: the load generator's own limit
io_threads=1
workers=2
ask_timeout_ms=1000
crash_rate=0.01
work_path='/work?n=1234'
p99_bound_ms=10                                 # a sustained step has p99 <= this (see LoadReport / Criteria)

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$repo/benchmarks/target/benchmarks.jar"
stamp="$(date +%Y-%m-%d_%H%M%S)-$(hostname -s 2>/dev/null || hostname)"
if [[ "$mode" == --smoke ]]; then
  out="$repo/benchmarks/target/perf-smoke/http-$stamp"
else
  out="$repo/perf-reports/http-$stamp"
fi

# Core budget: the server on CPU 0, Gatling on CPU 1; each JVM is told it has one processor, so that its thread
# pools and GC size themselves for the core it has. With fewer than 2 CPUs nothing is pinned (the report says so).
if (( $(nproc) >= 2 )) && command -v taskset >/dev/null; then
  server_pin=(taskset -c 0); load_pin=(taskset -c 1); pinning="server on CPU 0, Gatling on CPU 1 (taskset)"
else
  server_pin=(); load_pin=(); pinning="NOT pinned (fewer than 2 CPUs or no taskset): server and Gatling share the CPUs"
fi
server_heap=(-Xms512m -Xmx512m)
load_heap=(-Xms1g -Xmx1g)
# No --add-opens: the HTTP front does not use Agrona.
server_opts=(-XX:ActiveProcessorCount=1 "${server_heap[@]}")
load_opts=(-XX:ActiveProcessorCount=1 "${load_heap[@]}")

started=$SECONDS
step() { printf '\n[%4ds] == %s\n' "$((SECONDS - started))" "$*"; }

server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap stop_server EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
get() { curl -sf --max-time 5 "$base$1"; }
join() { local IFS=,; echo "$*"; }

# steps KIND SECONDS RATE...: kind:rate:seconds items for OpenLoopSimulation
steps() { local kind=$1 s=$2; shift 2; local r items=(); for r in "$@"; do items+=("$kind:$r:$s"); done; join "${items[@]}"; }

# gatling NAME OUTFILE STEPS: one Gatling run against $base, bounded in time (its steps + 90 s).
gatling() {
  local name=$1 file=$2 spec=$3 total=0 item
  for item in ${spec//,/ }; do total=$(( total + ${item##*:} + 4 )); done
  timeout $(( total + 90 )) "${load_pin[@]}" java "${load_opts[@]}" -cp "$load_cp" \
    -Dload.url="$base" -Dload.path="$work_path" -Dload.steps="$spec" -Dload.out="$file" \
    -Dload.p99BoundMs="$p99_bound_ms" -Dload.meta.server="$server_threads" \
    -Dload.faults="0=/admin/reset,0=/admin/phase?name=crash,0=/admin/faults?crashRate=$crash_rate,$outage_at=/admin/outage?ms=$outage_ms" \
    io.gatling.app.Gatling -s io.rampart.bench.load.OpenLoopSimulation -rf "$out/gatling" -nr \
    > "$out/$name.log" 2>&1 || { echo "Gatling run $name failed; its log:" >&2; tail -40 "$out/$name.log" >&2; exit 1; }
}

mkdir -p "$out"
echo "http-compare.sh $mode -> $out"
echo "estimated time: $estimate (plus the build)"

step "build (benchmarks/dist: the server's jar; benchmarks/http-load: Gatling and the report)"
(cd "$repo" && mvn -B -q -pl benchmarks/dist,benchmarks/http-load -am package -DskipTests)
(cd "$repo" && mvn -B -q -pl benchmarks/http-load dependency:build-classpath -Dmdep.outputFile="$out/http-load.classpath" >/dev/null)
load_cp="$repo/benchmarks/http-load/target/classes:$(cat "$out/http-load.classpath")"

for v in "$calibration" "${variants[@]}"; do
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  step "$v: server on $base"
  "${server_pin[@]}" java "${server_opts[@]}" -cp "$jar" io.rampart.http.HttpFront --variant "$v" --port "$port" \
    --io-threads "$io_threads" --workers "$workers" --ask-timeout-ms "$ask_timeout_ms" > "$out/$v-server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 150); do get /stats >/dev/null 2>&1 && break; sleep 0.2; done
  get /stats >/dev/null || { echo "server $v did not start:" >&2; cat "$out/$v-server.log" >&2; exit 1; }
  server_threads="$(sed -n 's/^threads: //p' "$out/$v-server.log" | head -n 1)"

  spec="warmup:$warm_rate:$warm"
  (( ${#fixed[@]} )) && spec="$spec,$(steps fixed "$fixed_s" "${fixed[@]}")"
  (( ${#sweep[@]} )) && spec="$spec,$(steps sweep "$step_s" "${sweep[@]}")"
  # The failure run is the last step (not for the calibration server); the simulation makes the admin calls when
  # that step's first user starts: server-side phase "crash", the crash rate, then the outage at outage_at.
  [[ "$v" != "$calibration" ]] && spec="$spec,faults:$fault_rate:$fault_s"
  gatling "$v-gatling" "$out/$v-load.tsv" "$spec"
  knee=0
  if (( ${#sweep[@]} )); then
    knee="$(java -cp "$load_cp" io.rampart.bench.load.LoadReport --knee "$out/$v-load.tsv")"
    echo "  knee: ${knee}/s"
  fi

  if [[ "$v" != "$calibration" ]]; then
    get /stats > "$out/$v-stats.json"
    echo "  faults at $fault_rate/s: $(grep -P '^faults-' "$out/$v-load.tsv" | cut -f6-10 | tr '\t' ' ')" \
      "(sent ok http_errors failed statuses); $(grep -E '"restarts"' "$out/$v-stats.json" | tr -d ' \n')"
    get "/admin/faults?crashRate=0" >/dev/null   # no crashes in what follows
  fi
  if [[ "$knee_fixed" == yes && "$v" != "$calibration" ]] && (( knee >= 20 )); then
    # Fixed loads below this variant's own saturation: half and four fifths of its knee, appended to its results.
    gatling "$v-gatling-knee" "$out/$v-knee.tsv" "warmup:$(( knee / 2 )):3,$(steps fixed "$fixed_s" $(( knee / 2 )) $(( knee * 4 / 5 )))"
    grep -P '^fixed-' "$out/$v-knee.tsv" >> "$out/$v-load.tsv"
  fi

  stop_server
done

step "report"
plan="warm-up ${warm} s ramping to ${warm_rate}/s"
(( ${#fixed[@]} )) && plan="$plan; fixed ${fixed[*]} /s for ${fixed_s} s each"
(( ${#sweep[@]} )) && plan="$plan; sweep ${sweep[*]} /s for ${step_s} s each (stops after 2 unsustained steps in a row)"
[[ $knee_fixed == yes ]] && plan="$plan; then 50% and 80% of each variant's knee for ${fixed_s} s each"
plan="$plan; failure run (not inline) ${fault_rate}/s for ${fault_s} s, crash rate ${crash_rate}, outage of ${outage_ms} ms at ${outage_at} s into it"
java -cp "$load_cp" io.rampart.bench.load.LoadReport "$out" --mode "${mode#--}" --variants "${variants[*]}" \
  --calibration "$calibration" --p99-bound-ms "$p99_bound_ms" \
  --setup "$(nproc) CPUs ($(hostname -s 2>/dev/null || hostname)); $pinning; server JVM ${server_heap[*]}, 1 processor, Netty $io_threads event-loop thread, $workers workers per variant (plus its timer or scheduler threads); Gatling $(sed -n 's/.*gatling-app-\([0-9.]*\)\.jar.*/\1/p' "$out/http-load.classpath" | head -n 1) JVM ${load_heap[*]}, 1 processor (its event loop and injector threads on its one core); GET $work_path" \
  --durations "$plan"

step "done in $((SECONDS - started)) s: $out"
ls -1 "$out"
