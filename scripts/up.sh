#!/usr/bin/env bash
# `npm run up`: install what is missing, start the real infrastructure, build and start every app
# of apps.json in its order (each one ready before the next starts), seed demo data, print where
# everything is, and stay in the foreground. Ctrl-C or SIGTERM stops everything this command started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

ensure_node_deps
if dev_stack_running; then
  echo "Qingshui is already running (pid files in $apps_dir)." >&2
  exit 1
fi

started_infra=0
bash infra/bin/infra status >/dev/null 2>&1 || started_infra=1
bash infra/bin/infra up
eval "$(bash infra/bin/infra env)"
export KAFKA_BROKERS MONGO_URL REDIS_URL KEYCLOAK_URL

log "building the apps"
bash scripts/build.sh

mkdir -p "$apps_dir"
pids=()
stopping=0
stop_all() {
  ((stopping)) && return
  stopping=1
  echo
  log "stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -f "$apps_dir"/*.pid
  if ((started_infra)); then bash infra/bin/infra down; fi
  log "stopped"
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

start_app() { # name, entry point
  node "$2" >"$apps_dir/$1.log" 2>&1 &
  pids+=("$!")
  echo "$!" >"$apps_dir/$1.pid"
}

wait_ready() { # name, url
  local deadline=$((SECONDS + 90))
  until curl -fsS --max-time 2 "$2" >/dev/null 2>&1; do
    if ((SECONDS > deadline)) || ! kill -0 "$(cat "$apps_dir/$1.pid")" 2>/dev/null; then
      echo "$1 did not become ready; last lines of $apps_dir/$1.log:" >&2
      tail -n 40 "$apps_dir/$1.log" >&2
      exit 1
    fi
    sleep 0.5
  done
}

# One line per app of apps.json, in start order: name, root, kind, HTTP variable prefix, port.
mapfile -t apps < <(node tools/apps.cjs)
gateway_url=""
health_lines=""
for line in "${apps[@]}"; do
  read -r name dir kind http_env default_port <<<"$line"
  # The app's own <prefix>_PORT / <prefix>_HOST win over the defaults, as its config reader does.
  port_var="${http_env}_PORT"
  host_var="${http_env}_HOST"
  port="${!port_var:-$default_port}"
  host="${!host_var:-127.0.0.1}"
  if [[ $host == 0.0.0.0 ]]; then host=127.0.0.1; fi
  url="http://$host:$port"
  log "starting $name ($kind)"
  start_app "$name" "dist/$dir/src/main.js"
  wait_ready "$name" "$url/health/ready"
  if [[ $kind == gateway ]]; then gateway_url=$url; fi
  health_lines+="$(printf '    %-20s %s' "$name" "$url/health/ready")"$'\n'
done

log "seeding demo data"
GATEWAY_URL="$gateway_url" node scripts/run-ts.cjs scripts/seed.ts

cat <<INFO

  清水 Qingshui is running.

  Console        $gateway_url/                (web console: sign in with a demo login below)
  API            $gateway_url/api/v1
  Swagger UI     $gateway_url/api/docs        (OpenAPI JSON: $gateway_url/api/docs-json)
  Socket.IO      $gateway_url                 (websocket, token in auth.token)
  Health         $gateway_url/health/ready    Metrics: $gateway_url/metrics
  Keycloak       $KEYCLOAK_URL/admin          (realm qingshui; admin console login admin / admin)

  Apps (readiness), in start order:
$health_lines
  Demo logins (password "demo" for all):
    demo-enterprise      enterprise  淅川渠首农业科技有限公司 (xichuan)
    demo-expert          expert      北京林业大学 (haidian)
    demo-expert2         expert      北京协和医院 (dongcheng)
    demo-cadre-county    cadre       淅川县 (xichuan)
    demo-cadre-beijing   cadre       朝阳区 (chaoyang)
    demo-admin           admin       北京市对口协作办 (xicheng)
  For the fairs: exhibitors demo-ent-xixia, demo-ent-neixiang, demo-ent-xichuan-tea (and more),
    buyers demo-buyer-xinfadi, demo-buyer-wumart, press demo-press-bjnews, visitor demo-visitor-wang
  For investment: investors demo-investor (北京清源环保科技, chaoyang), demo-investor-haidian,
    demo-investor-shunyi; a cadre of every county demo-cadre-<county> (e.g. demo-cadre-yunyang),
    roster members demo-cadre-xichuan-2 (-3, -4), demo-cadre-chaoyang-2; the demo leads are
    demo-cadre-county's; demo-admin verifies landed deals
  For the cadre exchange: demo-cadre-county (淅川) and demo-cadre-beijing (朝阳) work the pair's
    postings; a cadre of every district demo-cadre-<district>; demo-admin confirms placements

  A token for curl:  TOKEN=\$(infra/keycloak/get-token.sh demo-expert)
  Console with hot reload (against this stack):  npm run dev:web  →  http://127.0.0.1:5173/
  Logs: $apps_dir/*.log and .run/*.log.   Ctrl-C stops everything started here.

INFO
# Whichever app exits first ends the run (the EXIT trap stops the rest).
wait -n "${pids[@]}" || true
echo "a service exited unexpectedly; see $apps_dir/*.log" >&2
exit 1
