#!/usr/bin/env bash
# API guard: fails if the engine's public API broke compatibility with the baseline in api-baseline.txt.
#
#   scripts/check-api.sh [extra Maven arguments, e.g. -Dmaven.repo.local=/tmp/m2]
#
# Builds the engine jar of the baseline COMMIT (git archive into a temporary directory, offline, nothing
# installed), builds the current engine jar, and runs japicmp (japicmp-maven-plugin, profile api-check in
# engine/pom.xml) on the two files. Compared: the exported packages io.rampart and io.rampart.balance, their
# public and protected members; io.rampart.internal is excluded. Fails (exit 1) on any binary- or
# source-incompatible change and prints each one; exit 2 if the baseline cannot be built (a shallow clone
# without the commit, say). Additions pass and are listed. Reports: engine/target/japicmp/.
# Needs the git history (not git tags). Runs in CI (.ci/run, stage api).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

version=$(sed -n 's/^version=//p' api-baseline.txt)
commit=$(sed -n 's/^commit=//p' api-baseline.txt)
[[ -n $commit ]] || { echo "check-api: no commit= line in api-baseline.txt" >&2; exit 2; }
if ! git cat-file -e "$commit^{commit}" 2>/dev/null; then
  echo "check-api: baseline commit $commit is not in this clone (shallow? git fetch --unshallow)" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
skip=(-Dmaven.test.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dstyle.color=never)

echo "baseline: $version, commit $commit"
mkdir "$work/src"
git archive "$commit" | tar -x -C "$work/src"
(cd "$work/src" && mvn -B -q -o package "${skip[@]}" -pl engine -am "$@") \
  || { echo "check-api: the baseline's engine did not build" >&2; exit 2; }
old=$(ls "$work"/src/engine/target/rampart-engine-*.jar | grep -v -e '-sources\.jar$' -e '-javadoc\.jar$')
cp "$old" "$work/rampart-engine-baseline.jar"

# The current engine jar, then japicmp (bound to package in the api-check profile).
rm -rf engine/target/japicmp
set +e
mvn -B package "${skip[@]}" -pl engine -am -Papi-check \
  -Drampart.api.baseline="$work/rampart-engine-baseline.jar" "$@" > "$work/mvn.log" 2>&1
rc=$?
set -e
diff_report=engine/target/japicmp/api-check.diff
if [[ ! -f $diff_report ]]; then
  tail -40 "$work/mvn.log" >&2
  echo "check-api: japicmp did not run (exit $rc)" >&2
  exit 2
fi

# The diff report: one line per class (*** modified, +++ new, --- removed), with its changed members below.
# japicmp marks binary-incompatible changes with "(!)" and source-incompatible ones with "(*)".
echo "changes since the baseline (japicmp; '!' binary-, '*' source-incompatible):"
grep -E '^(\*\*\*|\+\+\+|---|\s+(\*\*\*|\+\+\+|---))' "$diff_report" | sed 's/^/  /' || echo "  none"
if (( rc != 0 )); then
  grep -E 'ERROR.*(japicmp|incompatib)' "$work/mvn.log" | sed 's/^\[ERROR\] /  /' | head -20 >&2 || true
  echo "check-api: FAIL: the engine's API is not compatible with $version ($commit)" >&2
  exit 1
fi
echo "check-api: compatible with $version ($commit)"
