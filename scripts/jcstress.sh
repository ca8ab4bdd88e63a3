#!/usr/bin/env bash
# Runs the engine's jcstress suite (module src-test/jcstress, package io.rampart.stress) and fails unless every test
# written ran and no forbidden outcome was observed.
#
#   scripts/jcstress.sh --quick   CI: one JVM flag set (jcstress adds +/-UseBiasedLocking), unified compilation,
#                                 jcstress's quick preset (5 x 200 ms per configuration); ~2-3 minutes on 2 cores
#   scripts/jcstress.sh --long    jcstress's default preset (5 x 1 s per configuration) on the --quick set of
#                                 configurations: five times the samples of --quick; ~5-6 minutes on 2 cores
#   scripts/jcstress.sh --full    jcstress's default preset (5 x 1 s per configuration) over every JVM
#                                 configuration it detects (interpreter, C1, C2, C2 with the compiler's stress
#                                 randomizers) and split per-actor compilation, one fork of each (-fsm 1);
#                                 the better part of an hour on 2 cores
#
# Builds the module and the engine (compile only: no unit tests run), then runs org.openjdk.jcstress.Main on at
# most 2 CPUs. Results: src-test/jcstress/target/jcstress-results/<mode>-<stamp>/ (console log, result blob, HTML).
# Prints the outcome counts of every test, then one line:
#   jcstress: N tests written, N ran, 0 failed, forbidden outcomes observed: 0
# Fails (exit 1) if a test failed or errored, a forbidden outcome was observed, or fewer (or more) tests ran
# than there are @JCStressTest classes in the sources: on 2 cores jcstress skips a test with more than 2
# actors ("No scheduling is possible") and still exits 0, so its own exit code proves nothing.
set -euo pipefail

mode="${1:---quick}"
case "$mode" in
  --quick)
    jcstress_opts=(-m quick -sc false -jvmArgs "-Xmx256m") ;;
  --long)
    jcstress_opts=(-m default -sc false -jvmArgs "-Xmx256m") ;;
  --full)
    jcstress_opts=(-m default -fsm 1) ;;
  -h|--help)
    sed -n '2,20p' "$0"; exit 0 ;;
  *)
    echo "usage: $0 [--quick|--long|--full]" >&2; exit 2 ;;
esac

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="$repo/src-test/jcstress"
sources="$module/src/main/java"
start=$SECONDS

# Build: the engine and the suite (the annotation processor generates the harness and META-INF/TestList), and
# the suite's runtime classpath (jcstress-core and the engine's own dependencies), in one Maven run.
cd "$repo"
mvn -B -q -Dstyle.color=never -pl src-test/jcstress -am compile dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/jcstress.classpath
# (In the reactor the engine resolves to engine/target/classes, which the suite's classpath then names.)
classpath="$module/target/classes:$(cat "$module/target/jcstress.classpath")"

written=$(grep -rhE '^[[:space:]]*@JCStressTest\b' "$sources" | wc -l)

out="$module/target/jcstress-results/${mode#--}-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
cd "$out" # jcstress writes its result blob into the working directory

echo "jcstress ${mode#--}: $written tests written; log: ${out#"$repo"/}/jcstress.log"
set +e
java -Xmx256m -cp "$classpath" org.openjdk.jcstress.Main "${jcstress_opts[@]}" -c 2 -t 'io\.rampart\.stress\..*' \
    -r results >jcstress.log 2>&1
rc=$?
set -e
sed -n 's/^(Results: /  (results: /p' jcstress.log | tail -n 1

# Re-read the result blob verbosely: every test's status line and its outcome table
# ("RESULT  SAMPLES  FREQ  EXPECT  DESCRIPTION"), across all configurations.
blob=$(ls jcstress-results-*.bin.gz 2>/dev/null | head -n 1 || true)
if [[ -n "$blob" ]]; then
  java -Xmx256m -cp "$classpath" org.openjdk.jcstress.Main -p "$blob" -v -r results >summary.log 2>&1 || true
else
  : >summary.log
fi

# outcomes.tsv: test, outcome, samples, expectation; statuses.tsv: test, status (one line per test).
awk -v OFS='\t' '
  match($0, /\[[A-Z ]+\] io\.rampart\.[A-Za-z0-9_.$]+/) {
    s = substr($0, RSTART, RLENGTH)
    status = substr(s, 2, index(s, "]") - 2)
    test = substr(s, index(s, "] ") + 2)
    sub(/^io\.rampart\.stress\./, "", test)
    if (!(test in seen)) { seen[test] = 1; print test, status > "statuses.tsv" }
    intable = 0
    next
  }
  /^[[:space:]]+RESULT[[:space:]]+SAMPLES[[:space:]]+FREQ[[:space:]]+EXPECT/ { intable = (test != ""); next }
  intable && match($0, /[[:space:]]+[0-9,]+[[:space:]]+<?[0-9.]+%[[:space:]]+(Acceptable|Forbidden|Interesting)([[:space:]]|$)/) {
    outcome = substr($0, 1, RSTART - 1); sub(/^[[:space:]]+/, "", outcome)
    split(substr($0, RSTART, RLENGTH), f, /[[:space:]]+/) # f[1] is empty: the match starts with spaces
    samples = f[2]; gsub(/,/, "", samples)
    key = test SUBSEP outcome
    if (!(key in done)) { done[key] = 1; print test, outcome, samples, f[4] > "outcomes.tsv" }
    next
  }
  intable && /^[[:space:]]*$/ { intable = 0 }
' summary.log
touch statuses.tsv outcomes.tsv

echo
printf '%-50s  %-28s  %14s  %s\n' TEST OUTCOME COUNT EXPECTATION
awk -F'\t' '{ printf "%-50s  %-28s  %14s  %s\n", $1, $2, $3, $4 }' outcomes.tsv
echo

ran=$(wc -l <statuses.tsv)
failed=$(awk -F'\t' '$2 != "OK"' statuses.tsv | wc -l)
forbidden=$(awk -F'\t' '$4 == "Forbidden" && $3 > 0' outcomes.tsv | wc -l)

problems=()
[[ $rc -ne 0 ]] && problems+=("jcstress exited with $rc")
[[ $failed -gt 0 ]] && problems+=("not OK: $(awk -F'\t' '$2 != "OK" { printf "%s[%s] ", $1, $2 }' statuses.tsv)")
[[ $forbidden -gt 0 ]] && problems+=("forbidden outcomes observed: $(awk -F'\t' '$4 == "Forbidden" && $3 > 0 { printf "%s \"%s\" x%s; ", $1, $2, $3 }' outcomes.tsv)")
if [[ $ran -ne $written ]]; then
  problems+=("$written @JCStressTest classes written but $ran ran (skipped for lack of CPUs? see jcstress.log)")
fi
if grep -q 'No scheduling is possible' jcstress.log; then
  problems+=("jcstress could not schedule a test: $(grep -m1 -B2 'No scheduling is possible' jcstress.log | tr '\n' ' ')")
fi

echo "jcstress: $written tests written, $ran ran, $failed failed, forbidden outcomes observed: $forbidden"
echo "jcstress ${mode#--}: $((SECONDS - start)) s; report: ${out#"$repo"/}/results/index.html"
if [[ ${#problems[@]} -gt 0 ]]; then
  printf 'FAIL: %s\n' "${problems[@]}" >&2
  exit 1
fi
