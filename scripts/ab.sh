#!/usr/bin/env bash
# A/B of two builds of the benchmarks jar: the same JMH benchmark run from each jar in alternating
# forks (A, B, A, B, ...), one JVM per fork, so a drift of the machine lands on both sides. Prints
# every fork's score, each side's median and spread, and the ratio B/A of the medians with a 95%
# bootstrap interval over forks (io.rampart.bench.report.AbStats, the same statistics as the comparison report's
# pairs). Run nothing else on the machine meanwhile.
#
#   scripts/ab.sh A.jar B.jar [forks] [--old-bench REGEX [--old-param NAME=VALUE]...] -- REGEX [JMH args]
#   scripts/ab.sh old.jar new.jar 5 -- '\.TellBenchmark\.tell$' -p system=rampart-yielding
#   scripts/ab.sh old.jar new.jar 5 -- '\.AskBenchmark\.ask$' -p system=rampart-backoffThenPark
#
# A jar built before the benchmarks took their system as @Param system (commit 21f3661 and older) names them
# differently: give side A its own selector with --old-bench and --old-param (side A then runs the old regex and
# -p values plus every other JMH arg after --; side B runs the args after -- as they are), e.g.
#   scripts/ab.sh old.jar new.jar 5 --old-bench 'RampartTellBenchmark\.tellOne$' --old-param waitStrategy=yielding \
#     -- '\.TellBenchmark\.tell$' -p system=rampart-yielding
#   scripts/ab.sh old.jar new.jar 5 --old-bench 'RampartAskBenchmark\.askOne$' \
#     --old-param waitStrategy=backoffThenPark -- '\.AskBenchmark\.ask$' -p system=rampart-backoffThenPark
# benchmarks/README.md maps every old name to its new name and system value. Each side must select exactly one
# benchmark and param combination (checked).
#
# For SampleTime benchmarks (askOne) the median and p99 of each fork are compared; for throughput, the
# score. Per fork -f 1, and by default -wi 3 -i 5 -w 1s -r 1s (each overridden by the same option after --).
# Output: a directory under benchmarks/target/ab/.
set -euo pipefail
usage() { sed -n '2,24p' "$0"; exit 2; }
if [[ $# -lt 2 || "$1" == -h || "$1" == --help ]]; then
  usage
fi
a_jar=$1 b_jar=$2
shift 2
forks=5
if [[ $# -gt 0 && "$1" != -* ]]; then forks=$1; shift; fi
old_bench="" old_params=()
while [[ $# -gt 0 && "$1" != -- ]]; do
  case "$1" in
    --old-bench) old_bench=${2:?--old-bench needs a regex}; shift 2 ;;
    --old-param) old_params+=(-p "${2:?--old-param needs NAME=VALUE}"); shift 2 ;;
    *) echo "ab.sh: unknown option $1" >&2; usage ;;
  esac
done
[[ "${1:-}" == -- ]] && shift
b_args=("$@")
[[ ${#b_args[@]} -gt 0 ]] || { echo "ab.sh: name a benchmark after --" >&2; exit 2; }

# Side A: the same args, or the old selector with B's other args (its regex, the first arg, and its -p dropped).
a_args=("${b_args[@]}")
if [[ -n "$old_bench" ]]; then
  a_args=("$old_bench" "${old_params[@]}")
  for ((i = 1; i < ${#b_args[@]}; i++)); do
    if [[ "${b_args[i]}" == -p ]]; then i=$((i + 1)); else a_args+=("${b_args[i]}"); fi
  done
elif [[ ${#old_params[@]} -gt 0 ]]; then
  echo "ab.sh: --old-param needs --old-bench" >&2; exit 2
fi
# Timing: -f 1 always (one fork per JVM is what alternates); the defaults unless the args give their own.
timing=(-f 1)
for default in "-wi 3" "-i 5" "-w 1s" "-r 1s"; do
  read -r name value <<< "$default"
  [[ " ${b_args[*]} " == *" $name "* ]] || timing+=("$name" "$value")
done
[[ " ${b_args[*]} " != *" -f "* ]] || { echo "ab.sh: -f is set by ab.sh (one fork per run, alternating)" >&2; exit 2; }

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/benchmarks-jar.sh
source "$repo/scripts/lib/benchmarks-jar.sh"
out="$repo/benchmarks/target/ab/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
echo "A = $a_jar: ${a_args[*]}"; echo "B = $b_jar: ${b_args[*]}"
echo "forks per side: $forks, alternating; per fork: ${timing[*]}"
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(java -version 2>&1 | sed -n 1p)"
for ((i = 1; i <= forks; i++)); do
  for side in A B; do
    if [[ $side == A ]]; then jar=$a_jar args=("${a_args[@]}"); else jar=$b_jar args=("${b_args[@]}"); fi
    java -jar "$jar" "${args[@]}" "${timing[@]}" -rf json -rff "$out/$side-$i.json" \
      > "$out/$side-$i.log" 2>&1 || { echo "fork $side-$i failed: see $out/$side-$i.log" >&2; exit 1; }
    echo "fork $side-$i done"
  done
done
# The statistics live once, in Java (the report module's ForkStats, which the comparison report uses too): run
# from this checkout's benchmarks jar, whichever jars A and B are.
stats_jar="$(ensure_benchmarks_jar "$repo")"
java -cp "$stats_jar" io.rampart.bench.report.AbStats "$out" "$forks"
echo "raw JSON and logs: $out"
