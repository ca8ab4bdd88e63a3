# Sourced by the scripts that run a main class from the benchmarks jar.
#
# ensure_benchmarks_jar REPO: builds REPO/benchmarks/target/benchmarks.jar (mvn package of benchmarks/dist and
# the modules it shades, tests skipped) if it is missing or older than any source or build file it is made
# from: the engine's, engine/remote's (remote groups: ClusterNode, the remote benchmarks), and every benchmark
# module's (any pom.xml or src/ file below benchmarks/, outside the target directories, so a new module is
# covered without editing this list); prints the jar's path.
ensure_benchmarks_jar() {
  local repo=$1
  local jar="$repo/benchmarks/target/benchmarks.jar"
  if [[ ! -f "$jar" ]] \
      || [[ -n "$(find "$repo/engine/src/main" "$repo/engine/pom.xml" "$repo/engine/remote/src/main" \
            "$repo/engine/remote/pom.xml" "$repo/pom.xml" -newer "$jar" -type f -print -quit)" ]] \
      || [[ -n "$(find "$repo/benchmarks" -name target -prune -o -type f \( -name pom.xml -o -path '*/src/*' \) \
            -newer "$jar" -print -quit)" ]]; then
    echo "building benchmarks/target/benchmarks.jar (mvn package of benchmarks/dist, tests skipped)..." >&2
    (cd "$repo" && mvn -B -q -pl benchmarks/dist -am package -DskipTests) >&2
  fi
  echo "$jar"
}
