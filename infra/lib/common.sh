# shellcheck shell=bash disable=SC2034  # variables here are used by the files that source this
# Shared helpers for infra/bin/infra. Sourced, never run.
#
# Layout (all paths derived from this file's location, so a fresh clone anywhere works):
#   $QS_ROOT/.cache/   downloads and builds: Maven repo, Go caches, binaries, unpacked dists
#   $QS_RUN_DIR/       pid files, logs, data dirs (default $QS_ROOT/.run, override for a 2nd stack)

QS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
QS_INFRA="$QS_ROOT/infra"
QS_CACHE="${QS_CACHE_DIR:-$QS_ROOT/.cache}"
QS_RUN_DIR="${QS_RUN_DIR:-$QS_ROOT/.run}"
mkdir -p "$QS_RUN_DIR"
QS_RUN_DIR="$(cd "$QS_RUN_DIR" && pwd)"   # absolute: processes run with other working dirs

# Ports (env overridable). Always 127.0.0.1: 'localhost' may resolve to ::1 first.
QS_HOST=127.0.0.1
QS_KAFKA_PORT="${QS_KAFKA_PORT:-9092}"
QS_KAFKA_CONTROLLER_PORT="${QS_KAFKA_CONTROLLER_PORT:-9093}"
QS_MONGO_PORT="${QS_MONGO_PORT:-27017}"
QS_REDIS_PORT="${QS_REDIS_PORT:-6379}"
QS_KEYCLOAK_PORT="${QS_KEYCLOAK_PORT:-8180}"
QS_KEYCLOAK_MGMT_PORT="${QS_KEYCLOAK_MGMT_PORT:-9180}"

# Pinned versions and tools.
QS_MVN_DEP_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

log()  { printf '[infra] %s\n' "$*" >&2; }
die()  { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

# mvn, quiet, batch, with the project's own local repository (never ~/.m2).
# Output goes to the given log file; on failure its tail is shown.
qs_mvn() {
  local logfile=$1; shift
  command -v mvn >/dev/null || die "mvn not found (apt-get install -y maven)"
  if ! mvn -B -q -Dstyle.color=never -Dmaven.repo.local="$QS_CACHE/m2" "$@" >>"$logfile" 2>&1; then
    tail -n 40 "$logfile" >&2
    die "maven failed, full log: $logfile"
  fi
}

# apt-get install, doing 'apt-get update' only when the first attempt fails (saves ~20 s).
qs_apt_install() {
  local logfile=$1; shift
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "$@" >>"$logfile" 2>&1; then
    apt-get update >>"$logfile" 2>&1 || true
    apt-get install -y --no-install-recommends "$@" >>"$logfile" 2>&1 \
      || { tail -n 40 "$logfile" >&2; die "apt-get install $* failed, log: $logfile"; }
  fi
}

# TCP port accepting connections on 127.0.0.1? Pure bash (no nc here), 1 s bound.
port_open() {
  timeout 1 bash -c "exec 3<>/dev/tcp/$QS_HOST/$1" 2>/dev/null
}

pidfile() { echo "$QS_RUN_DIR/$1.pid"; }
logfile() { echo "$QS_RUN_DIR/$1.log"; }

# Pid recorded for a component, if that process is alive and still looks like ours
# ($2 = a string its command line must contain; guards against a recycled pid).
live_pid() {
  local f pid
  f=$(pidfile "$1")
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -n ${2:-} ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" || return 1
  fi
  echo "$pid"
}

# Start a command detached: own session (setsid), so it survives the calling shell and its
# process group (test runners, CI steps), stdin from /dev/null, output to .run/<name>.log.
# The pid written is the session leader, so `down` can signal the whole group (kc.sh -> java).
# The previous log is kept as <name>.log.1.
start_detached() {
  local name=$1; shift
  local pf lf
  pf=$(pidfile "$name"); lf=$(logfile "$name")
  rm -f "$pf"
  [[ -f $lf ]] && mv -f "$lf" "$lf.1"
  printf '=== %s start: %s\n' "$(date -Is)" "$*" >"$lf"
  # shellcheck disable=SC2016  # $$/$0/$@ are for the inner bash
  # 9>&-: do not hand the infra lock (see infra/bin/infra) to a long-lived server.
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pf" "$@" >>"$lf" 2>&1 </dev/null 9>&- &
  local i
  for i in $(seq 1 50); do [[ -s $pf ]] && return 0; sleep 0.1; done
  die "$name: no pid file after start"
}

# Stop a component: SIGTERM to its process group, wait up to $2 s for the whole group to go,
# then SIGKILL the group. Idempotent; prints what it did.
stop_component() {
  local name=$1 grace=${2:-20} pf pid i
  pf=$(pidfile "$name")
  pid=$(cat "$pf" 2>/dev/null || true)
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 -- "-$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
      kill -0 -- "-$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 -- "-$pid" 2>/dev/null; then
      log "$name: still alive after ${grace}s, SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || true
      sleep 0.3
    fi
    echo "stopped (pid $pid)"
  else
    echo "not running"
  fi
  rm -f "$pf"
}

# Poll "$check" (a function name + args) every 0.5 s until it succeeds, the process
# (pid $2) dies, or $1 seconds pass.
wait_ready() {
  local timeout=$1 pid=$2; shift 2
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    kill -0 "$pid" 2>/dev/null || return 2
    sleep 0.5
  done
  "$@" >/dev/null 2>&1
}

show_log_tail() {
  local lf
  lf=$(logfile "$1")
  {
    echo "----- last 40 lines of $lf -----"
    tail -n 40 "$lf" 2>/dev/null || echo "(no log)"
    echo "-----"
  } >&2
}

# The JDK to use: Temurin 25 when present (Keycloak's newest supported), else default java.
qs_java_home() {
  local t=/usr/lib/jvm/temurin-25-jdk-amd64
  if [[ -x $t/bin/java ]]; then echo "$t"; else dirname "$(dirname "$(readlink -f "$(command -v java)")")"; fi
}
