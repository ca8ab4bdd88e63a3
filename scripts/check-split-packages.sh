#!/usr/bin/env bash
# Fails if a Java package has sources in more than one Maven module (a split package: on the module path it
# cannot load, and on the class path it lets a module reach another's package-private code).
#
#   scripts/check-split-packages.sh        lists each package's module, exits 1 on a split
#
# A module here is the directory above a src/<set>/java source root (engine, src-test, benchmarks/jmh, ...);
# its source sets (main, test, jcstress) share its packages, which is not a split. The package is the one each
# file declares. Runs in CI (.ci/run, stage split-packages).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# module-info.java declares a module, not a package: left out.
pairs=$(find . -path ./.git -prune -o -name target -prune -o -type f -name '*.java' ! -name module-info.java \
    -path '*/src/*/java/*' -print0 \
  | while IFS= read -r -d '' f; do
      module=${f%%/src/*}
      pkg=$(sed -n 's/^package \([A-Za-z0-9_.]*\);.*/\1/p' "$f" | head -n 1)
      printf '%s %s\n' "${pkg:-(default)}" "${module#./}"
    done | sort -u)
[[ -n "$pairs" ]] || { echo "check-split-packages: no Java sources found under $repo" >&2; exit 1; }

awk '{ modules[$1] = modules[$1] " " $2; count[$1]++ }
     END {
       for (p in count) {
         printf "%-40s%s\n", p, modules[p]
         if (count[p] > 1) { split_found = 1; splits = splits "\n  " p ":" modules[p] }
       }
       if (split_found) { print "split packages (one module each, please):" splits > "/dev/stderr"; exit 1 }
     }' <<< "$pairs" | sort
echo "no package is split across modules ($(wc -l <<< "$pairs") package/module pairs)"
