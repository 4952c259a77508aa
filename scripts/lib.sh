# Shared by scripts/test.sh and scripts/up.sh. Sourced, not run.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
apps_dir="${QS_RUN_DIR:-$root/.run}/apps"

log() { printf '\033[1;34m[qingshui]\033[0m %s\n' "$*"; }

# Installs node_modules from the lock file when missing or older than the lock.
ensure_node_deps() {
  if [[ ! -d $root/node_modules || $root/package-lock.json -nt $root/node_modules/.package-lock.json ]]; then
    log "installing npm dependencies (npm ci)"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# True when `npm run up` is running: its services share the Kafka command topics with the tests.
dev_stack_running() {
  local f
  for f in "$apps_dir"/*.pid; do
    [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null && return 0
  done
  return 1
}
