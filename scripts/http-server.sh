#!/usr/bin/env bash
# Starts the HTTP front on 127.0.0.1 with one worker variant, in the foreground (Ctrl-C stops it).
#
#   scripts/http-server.sh --variant rampart --port 8080          # or executor, pekko, pekko-tuned
#   curl 'http://127.0.0.1:8080/work?n=1234'                       # {"n":1234,"primes":202,"sum":...}
#   curl  http://127.0.0.1:8080/stats                              # counts, restarts, latency per phase
#   curl 'http://127.0.0.1:8080/admin/faults?crashRate=0.01'       # 1% of requests crash their worker
#   curl 'http://127.0.0.1:8080/admin/outage?ms=1500'              # every worker loses its connection
#
# Other options (defaults): --io-threads 1 --workers 2 --ask-timeout-ms 1000 --crash-rate 0
#   --backoff-min-us 100 --backoff-max-ms 200 --backoff-reset-ms 10000 --burst-grace-ms 1000
# Builds benchmarks/target/benchmarks.jar first if it is missing or older than a source.
set -euo pipefail

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '2,12p' "$0"; exit 0
fi
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/lib/benchmarks-jar.sh"
jar="$(ensure_benchmarks_jar "$repo")"
# A fixed heap so no variant resizes mid-run. No --add-opens: the server does not use Agrona.
exec java -Xms512m -Xmx512m \
  -cp "$jar" io.rampart.http.HttpFront "$@"
