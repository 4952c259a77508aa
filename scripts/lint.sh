#!/usr/bin/env bash
# `npm run lint`: the `lint` target of every Nx project (ESLint with the Nx module boundaries,
# cached by Nx), then ESLint on the files that belong to no project (scripts, tools, root configs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export NX_DAEMON=false NX_NO_CLOUD=true
node_modules/.bin/nx run-many -t lint --output-style=static
node_modules/.bin/eslint scripts tools eslint.config.mjs jest.config.cjs --max-warnings=0
