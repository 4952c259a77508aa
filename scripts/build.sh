#!/usr/bin/env bash
# `npm run build [-- <project>...]`: the `build` target of every Nx project (or of the given ones
# only), cached by Nx. Each project compiles with swc into dist/<its root>, keeping the source tree
# (scripts/build-project.sh), so plain `node dist/<app>/src/main.js` runs once its libs are built.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export NX_DAEMON=false NX_NO_CLOUD=true
projects=()
(($#)) && projects=(--projects "$(IFS=,; echo "$*")")
node_modules/.bin/nx run-many -t build "${projects[@]}" --output-style=static
echo "built into dist/ ($(find dist -name '*.js' | wc -l) files)"
