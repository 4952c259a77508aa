#!/usr/bin/env bash
# One Nx project's `build` (see nx.json): compiles <project root> with swc into dist/<project root>,
# keeping the source tree, and rewrites the `@qingshui/*` imports to relative paths (the same
# patterns as tsconfig.base.json), so plain `node dist/<app>/src/main.js` runs once the libs it
# imports are built too. A project's output depends on its own files only (swc reads no other
# project), so builds have no order and no `^` inputs: Nx runs them side by side and caches each.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
project="${1:?usage: scripts/build-project.sh <project root>}"
[[ -f $project/project.json ]] || { echo "no Nx project at $project" >&2; exit 2; }
# Specs and integration suites are not shipped; the platform tests' project is all test code, so
# only its specs are left out (its support code and benchmarks are compiled).
ignore='**/*.spec.ts,**/test/**'
[[ $project == test ]] && ignore='**/*.spec.ts'
rm -rf "dist/$project"
if ! out=$(node_modules/.bin/swc "$project" -d dist --copy-files --ignore "$ignore" \
  -C jsc.baseUrl="$root" \
  -C 'jsc.paths.@qingshui/app-gateway=["gateway/src/index.ts"]' \
  -C 'jsc.paths.@qingshui/app-*=["services/*/src/index.ts"]' \
  -C 'jsc.paths.@qingshui/*=["libs/*/src/index.ts"]' 2>&1); then
  echo "$out" >&2
  exit 1
fi
echo "built $project into dist/$project ($(find "dist/$project" -name '*.js' | wc -l) files)"
