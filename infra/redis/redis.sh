# shellcheck shell=bash
# Redis from Debian's redis-server package, run by us on 127.0.0.1 without persistence.

redis_marker() { echo "redis-server"; }
redis_addr()   { echo "redis://$QS_HOST:$QS_REDIS_PORT"; }
redis_timeout() { echo 20; }

redis_installed() { command -v redis-server >/dev/null && command -v redis-cli >/dev/null; }

redis_install() {
  redis_installed && return 0
  log "redis: apt-get install redis-server"
  qs_apt_install "$QS_RUN_DIR/install-redis.log" redis-server redis-tools
  # The package may auto-start its own service on 6379 where an init system runs. We want
  # only ours (project dir, no persistence), so stop theirs if it came up.
  local p
  for p in /run/redis/redis-server.pid /var/run/redis/redis-server.pid; do
    if [[ -s $p ]] && kill -0 "$(<"$p")" 2>/dev/null; then
      log "redis: stopping the Debian service the package started (pid $(<"$p"))"
      (service redis-server stop || kill "$(<"$p")") >/dev/null 2>&1 || true
    fi
  done
}

redis_start() {
  mkdir -p "$QS_RUN_DIR/redis"
  start_detached redis redis-server --bind "$QS_HOST" --port "$QS_REDIS_PORT" \
    --save '' --appendonly no --dir "$QS_RUN_DIR/redis" --daemonize no \
    --protected-mode yes --logfile ''
}

redis_ready() { [[ "$(timeout 2 redis-cli -h "$QS_HOST" -p "$QS_REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }
