# Sourced by the scripts that run a main class from the benchmarks jar.
#
# ensure_benchmarks_jar REPO: builds REPO/benchmarks/target/benchmarks.jar (mvn package, tests skipped)
# if it is missing or older than any source or build file it is made from; prints the jar's path.
ensure_benchmarks_jar() {
  local repo=$1
  local jar="$repo/benchmarks/target/benchmarks.jar"
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$repo/engine/src/main" "$repo/benchmarks/src" "$repo/engine/pom.xml" \
        "$repo/benchmarks/pom.xml" "$repo/pom.xml" -newer "$jar" -type f -print -quit)" ]]; then
    echo "building benchmarks/target/benchmarks.jar (mvn package, tests skipped)..." >&2
    (cd "$repo" && mvn -B -q -pl benchmarks -am package -DskipTests) >&2
  fi
  echo "$jar"
}
