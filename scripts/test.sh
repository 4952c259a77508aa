#!/usr/bin/env bash
# `npm test`: install what is missing, provision and start the real infrastructure, then lint
# (Nx), type-check, check formatting, check the service generator in a temporary copy
# (scripts/check-generator.sh), and run every Jest suite in one Jest run (one JSON report, suites
# one at a time). Leaves the infrastructure as it found it (set QS_KEEP_INFRA=1 to keep what it
# started). Prints `N passed, N failed` last.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

ensure_node_deps
# Each test platform runs in an environment of its own (QS_ENV=t<run>): its topics, consumer
# groups, databases, queues and Redis keys never meet those of `npm run up` (QS_ENV=dev), so the
# two may run at once on the same infrastructure.

started_infra=0
bash infra/bin/infra status >/dev/null 2>&1 || started_infra=1
stop_infra() {
  if ((started_infra)) && [[ ${QS_KEEP_INFRA:-0} != 1 ]]; then
    log "stopping the infrastructure this run started"
    bash infra/bin/infra down >/dev/null 2>&1 || true
  fi
}
trap stop_infra EXIT
log "provisioning and starting the infrastructure"
bash infra/bin/infra up
# Debian's Chromium and CJK fonts for the console's browser tests (no browser download).
bash infra/bin/infra install browser

static_failures=0
log "lint (ESLint with Nx module boundaries)"
npm run -s lint || static_failures=$((static_failures + 1))
log "type-check (tsc --noEmit, strict)"
npm run -s typecheck || static_failures=$((static_failures + 1))
log "format (prettier --check)"
npm run -s format:check >/dev/null || { echo "prettier: files need formatting (npm run format)"; static_failures=$((static_failures + 1)); }

log "generator: a throwaway service in a temporary copy builds, lints, type-checks and passes its tests"
bash scripts/check-generator.sh || static_failures=$((static_failures + 1))

mkdir -p reports
log "web console: Vite build, bundle sizes and the login route's budget (the browser tests load it from dist/web)"
npm run -s build:web | tee reports/web-bundle.txt || static_failures=$((static_failures + 1))

log "jest: unit and integration suites against the real infrastructure"
jest_rc=0
# --forceExit: once results are written, a client left open by a failed suite must not hang CI.
QS_SKIP_INFRA=1 npx jest --ci --runInBand --forceExit --json --outputFile=reports/jest.json || jest_rc=$?

node scripts/jest-summary.cjs reports/jest.json "$static_failures" | tee reports/summary.txt
((jest_rc == 0 && static_failures == 0))
