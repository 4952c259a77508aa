#!/usr/bin/env bash
# Compiles every app and lib with swc into dist/, keeping the source tree, and rewrites the
# `@qingshui/*` imports to relative paths so plain `node dist/<app>/src/main.js` runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rm -rf dist
npx swc libs services gateway -d dist --copy-files --ignore '**/*.spec.ts,**/test/**' \
  -C jsc.baseUrl="$root" \
  -C 'jsc.paths.@qingshui/*=["libs/*/src/index.ts"]' >/dev/null
echo "built into dist/ ($(find dist -name '*.js' | wc -l) files)"
