#!/usr/bin/env bash
# A/B of two builds of the benchmarks jar: the same JMH benchmark run from each jar in alternating
# forks (A, B, A, B, ...), one JVM per fork, so a drift of the machine lands on both sides. Prints
# every fork's score, each side's median and spread, and the ratio B/A of the medians with a 95%
# bootstrap interval over forks. Run nothing else on the machine meanwhile.
#
#   scripts/ab.sh OLD.jar NEW.jar [forks] [-- JMH args]
#   scripts/ab.sh old.jar new.jar 5 -- 'RampartTellBenchmark.tellOne' -p waitStrategy=yielding
#   scripts/ab.sh old.jar new.jar 5 -- 'RampartAskBenchmark.askOne' -p waitStrategy=backoffThenPark
#
# For SampleTime benchmarks (askOne) the median and p99 of each fork are compared; for throughput, the
# score. Defaults per fork: -wi 3 -i 5 -w 1s -r 1s. Output: a directory under benchmarks/target/ab/.
set -euo pipefail
if [[ $# -lt 2 || "$1" == -h || "$1" == --help ]]; then
  sed -n '2,13p' "$0"; exit 2
fi
a_jar=$1 b_jar=$2
shift 2
forks=5
if [[ $# -gt 0 && "$1" != -- ]]; then forks=$1; shift; fi
[[ "${1:-}" == -- ]] && shift
jmh_args=("$@")
[[ ${#jmh_args[@]} -gt 0 ]] || { echo "ab.sh: name a benchmark after --" >&2; exit 2; }
command -v python3 >/dev/null || { echo "ab.sh: needs python3 for the statistics" >&2; exit 2; }

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/benchmarks/target/ab/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
echo "A = $a_jar"; echo "B = $b_jar"; echo "forks per side: $forks, alternating; JMH: ${jmh_args[*]}"
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(java -version 2>&1 | sed -n 1p)"
for ((i = 1; i <= forks; i++)); do
  for side in A B; do
    jar=$a_jar; [[ $side == B ]] && jar=$b_jar
    java -jar "$jar" "${jmh_args[@]}" -f 1 -wi 3 -i 5 -w 1s -r 1s -rf json -rff "$out/$side-$i.json" \
      > "$out/$side-$i.log" 2>&1 || { echo "fork $side-$i failed: see $out/$side-$i.log" >&2; exit 1; }
    echo "fork $side-$i done"
  done
done
python3 - "$out" "$forks" <<'PY'
import json, random, statistics, sys
out, forks = sys.argv[1], int(sys.argv[2])
def load(side, i):
    r = json.load(open(f"{out}/{side}-{i}.json"))[0]
    m = r["primaryMetric"]
    if r["mode"] == "sample":
        p = m["scorePercentiles"]
        return {"p50 " + m["scoreUnit"]: p["50.0"], "p99 " + m["scoreUnit"]: p["99.0"]}, r["benchmark"], r.get("params", {})
    return {m["scoreUnit"]: m["score"]}, r["benchmark"], r.get("params", {})
runs = {s: [load(s, i) for i in range(1, forks + 1)] for s in "AB"}
bench, params = runs["A"][0][1], runs["A"][0][2]
print(f"\n{bench} {params}  ({forks} forks per side, alternating)")
random.seed(1)
for key in runs["A"][0][0]:
    a = [r[0][key] for r in runs["A"]]
    b = [r[0][key] for r in runs["B"]]
    ma, mb = statistics.median(a), statistics.median(b)
    boots = []
    for _ in range(10000):
        ra = statistics.median(random.choices(a, k=len(a)))
        rb = statistics.median(random.choices(b, k=len(b)))
        boots.append(rb / ra)
    boots.sort()
    lo, hi = boots[int(0.025 * len(boots))], boots[int(0.975 * len(boots)) - 1]
    fmt = lambda xs: ", ".join(f"{x:,.3f}" for x in xs)
    print(f"  {key}")
    print(f"    A forks: {fmt(a)}   median {ma:,.3f}  (min {min(a):,.3f}, max {max(a):,.3f})")
    print(f"    B forks: {fmt(b)}   median {mb:,.3f}  (min {min(b):,.3f}, max {max(b):,.3f})")
    print(f"    B/A of medians: {mb / ma:.3f}  (95% bootstrap interval {lo:.3f} .. {hi:.3f})")
PY
echo "raw JSON and logs: $out"
