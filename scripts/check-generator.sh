#!/usr/bin/env bash
# A step of `npm test` (and usable alone): in a temporary copy of the repository (its files as they
# are in the working tree, node_modules linked), `npm run new:service` writes a throwaway service;
# then it must build, lint, type-check and pass its unit tests with no manual step, and the files it
# touched outside services/<name> are listed (reports/generator.txt). Exits non-zero if a step fails.
# Usage: scripts/check-generator.sh [name]   (default: ciprobe)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
name="${1:-ciprobe}"
report="$root/reports/generator.txt"
mkdir -p "$root/reports"
started=$SECONDS

tmp="$(mktemp -d "${TMPDIR:-/tmp}/qs-generator.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
node "$root/tools/copy-workspace.cjs" "$tmp/repo" >/dev/null
cd "$tmp/repo"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

failed=()
step() { # label, command...
  local label=$1
  shift
  local t=$SECONDS
  if "$@" >"$tmp/step.log" 2>&1; then
    log "generator check: $label ($((SECONDS - t)) s)"
  else
    echo "generator check: $label FAILED; its output:" >&2
    tail -n 60 "$tmp/step.log" >&2
    failed+=("$label")
  fi
}

step "npm run new:service -- $name" node tools/new-service.cjs "$name" --quiet
if ((${#failed[@]} == 0)); then
  # What the generator touched, as git sees it in the copy.
  git status --porcelain --untracked-files=all | sed 's/^...//' | sort >"$tmp/touched.txt"
  grep -v "^services/$name/" "$tmp/touched.txt" >"$tmp/outside.txt" || true
  {
    echo "npm run new:service -- $name, in a copy of the repository (git status there):"
    echo "  $(wc -l <"$tmp/touched.txt") files, of which $(grep -c "^services/$name/" "$tmp/touched.txt" || true) in services/$name/"
    echo "  and $(wc -l <"$tmp/outside.txt") outside it:"
    git status --porcelain --untracked-files=all | grep -v " services/$name/" | sed 's/^/    /'
  } >"$report"
  cat "$report"

  # Its build (and the libs it imports), its lint and the contracts' (which gained its domain), and
  # the unit tests the new declarations reach: its own, the registry's, the gateway's derived ones
  # (room policy, routes). Cached per project; the copy starts with an empty cache.
  step "nx build, lint, test ($name, contracts, gateway)" \
    node_modules/.bin/nx run-many -t build lint test -p "$name,contracts,gateway" --output-style=static
  step "type-check (tsc --noEmit, the whole workspace)" node_modules/.bin/tsc -p tsconfig.json --noEmit
  step "format (prettier --check)" node_modules/.bin/prettier --check .
  step "docker-compose.yml up to date" node tools/compose.cjs --check
fi

if ((${#failed[@]} > 0)); then
  echo "generator check failed ($((SECONDS - started)) s): ${failed[*]}" >&2
  exit 1
fi
log "generator check passed in $((SECONDS - started)) s"
