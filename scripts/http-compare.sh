#!/usr/bin/env bash
# The HTTP front under wrk: the same Netty server with its workers as a Rampart group, a ThreadPoolExecutor,
# and Pekko actors on Pekko's defaults (pekko) and tuned as its docs advise (pekko-tuned). For each variant: a
# warm-up, a calm run at each connection count, then a failure run (1% of requests crash their worker, and in
# its middle every worker loses its "connection" for a moment).
# Writes summary.md and PNG charts from the files that run produced.
#
#   scripts/http-compare.sh --smoke   proves the pipeline (< 60 s); writes under benchmarks/target/perf-smoke/
#   scripts/http-compare.sh --quick   short runs at 16 and 64 connections (< 5 min on 2 cores)
#   scripts/http-compare.sh --full    longer runs at 16, 64 and 256 connections; the numbers to quote
#
# Output: perf-reports/http-<date>-<host>/ (smoke: benchmarks/target/perf-smoke/http-<date>-<host>/) with, per
# variant, <v>-calm-c<N>.wrk and <v>-faults.wrk (wrk's output), <v>-stats.json (the server's counters),
# <v>-server.log; then summary.md and *.png. Servers bind 127.0.0.1 only; every run is bounded in time.
set -euo pipefail

mode="${1:---quick}"
case "$mode" in
  --smoke) conns=(16); fault_conns=16; warm=1; calm=2; fault=4; outage_at=1; outage_ms=1500 ;;
  --quick) conns=(16 64); fault_conns=64; warm=5; calm=10; fault=15; outage_at=5; outage_ms=2000 ;;
  --full)  conns=(16 64 256); fault_conns=64; warm=15; calm=30; fault=30; outage_at=10; outage_ms=2000 ;;
  -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
  *) echo "usage: $0 [--smoke|--quick|--full]" >&2; exit 2 ;;
esac

variants=(rampart executor pekko pekko-tuned)   # pekko: its defaults; pekko-tuned: as its docs advise (PekkoSystems)
wrk_threads=1          # 2 cores: one for wrk, one shared by the event loop and the workers (stated in the report)
io_threads=1
workers=2
ask_timeout_ms=1000
wrk_timeout=3s         # a request not answered within 3 s (3x the ask timeout) counts as hung
crash_rate=0.01
work_n=1234

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$repo/benchmarks/target/benchmarks.jar"
lua="$repo/scripts/http-wrk.lua"
stamp="$(date +%Y-%m-%d_%H%M%S)-$(hostname -s 2>/dev/null || hostname)"
if [[ "$mode" == --smoke ]]; then
  out="$repo/benchmarks/target/perf-smoke/http-$stamp"
else
  out="$repo/perf-reports/http-$stamp"
fi
# Agrona 2.6 on Java 17 needs jdk.internal.misc opened; headless for the charts; a fixed heap for every variant.
java_opts=(--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -Djava.awt.headless=true)
server_heap=(-Xms512m -Xmx512m)

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

# A free port on 127.0.0.1 (the kernel picks it).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

get() { curl -sf --max-time 5 "$base$1"; }

mkdir -p "$out"
echo "http-compare.sh $mode -> $out"

if ! command -v wrk >/dev/null; then
  step "installing wrk (Debian package)"
  apt-get update -q && apt-get install -y -q wrk
fi
wrk -v 2>&1 | head -n 1 > "$out/wrk-version.txt" || true

step "build (mvn package: benchmarks/dist, the runnable jar, and what it is made of)"
(cd "$repo" && mvn -B -q -pl benchmarks/dist -am package -DskipTests)

for v in "${variants[@]}"; do
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  step "$v: server on $base"
  java "${java_opts[@]}" "${server_heap[@]}" -cp "$jar" io.rampart.http.HttpFront --variant "$v" --port "$port" \
    --io-threads "$io_threads" --workers "$workers" --ask-timeout-ms "$ask_timeout_ms" > "$out/$v-server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 150); do get /stats >/dev/null 2>&1 && break; sleep 0.2; done
  get /stats >/dev/null || { echo "server $v did not start:" >&2; cat "$out/$v-server.log" >&2; exit 1; }

  WORK_N=$work_n wrk -t"$wrk_threads" -c"${conns[0]}" -d"${warm}s" -s "$lua" "$base" > "$out/$v-warmup.wrk"
  get /admin/reset >/dev/null
  for c in "${conns[@]}"; do
    get "/admin/phase?name=calm-c$c" >/dev/null
    WORK_N=$work_n wrk -t"$wrk_threads" -c"$c" -d"${calm}s" --timeout "$wrk_timeout" --latency -s "$lua" "$base" \
      > "$out/$v-calm-c$c.wrk"
    echo "  calm c=$c: $(grep -E '^Requests/sec' "$out/$v-calm-c$c.wrk")"
  done

  get /admin/phase?name=crash >/dev/null
  get "/admin/faults?crashRate=$crash_rate" >/dev/null
  (sleep "$outage_at"; curl -sf --max-time 5 "$base/admin/outage?ms=$outage_ms" >/dev/null) &
  outage_pid=$!
  WORK_N=$work_n wrk -t"$wrk_threads" -c"$fault_conns" -d"${fault}s" --timeout "$wrk_timeout" --latency -s "$lua" \
    "$base" > "$out/$v-faults.wrk"
  wait "$outage_pid"
  sleep 0.2   # let the last answers in flight be counted before reading the stats
  get /stats > "$out/$v-stats.json"
  echo "  faults c=$fault_conns: $(grep -E '^RESULT' "$out/$v-faults.wrk");" \
    "$(grep -E '"restarts"' "$out/$v-stats.json" | tr -d ' \n')"
  stop_server
done

step "report"
java "${java_opts[@]}" -cp "$jar" io.rampart.http.HttpReport "$out" --mode "${mode#--}" --cores "$(nproc)" \
  --variants "${variants[*]}" --conns "${conns[*]}" --fault-conns "$fault_conns" --wrk-threads "$wrk_threads" \
  --durations "warm-up ${warm} s, calm ${calm} s per connection count, failures ${fault} s (outage of ${outage_ms} ms at ${outage_at} s)" \
  --crash-rate "$crash_rate" --wrk-timeout "$wrk_timeout"

step "done in $((SECONDS - started)) s: $out"
ls -1 "$out"
