# shellcheck shell=bash
# Keycloak (the real Quarkus distribution from Maven Central), dev mode, in-memory DB,
# realm imported from infra/keycloak/realm-qingshui.json at every start.

QS_KEYCLOAK_VERSION=26.7.3
QS_KEYCLOAK_HOME="$QS_CACHE/keycloak/keycloak-$QS_KEYCLOAK_VERSION"
QS_KEYCLOAK_REALM=qingshui

keycloak_marker()  { echo "keycloak"; }
keycloak_addr()    { echo "http://$QS_HOST:$QS_KEYCLOAK_PORT (realm $QS_KEYCLOAK_REALM, mgmt :$QS_KEYCLOAK_MGMT_PORT)"; }
keycloak_timeout() { echo 180; }   # 20-60 s typical on 2 cores, more while npm/tsc run

keycloak_installed() { [[ -x $QS_KEYCLOAK_HOME/bin/kc.sh && -f $QS_KEYCLOAK_HOME/.qs-complete ]]; }

keycloak_install() {
  keycloak_installed && return 0
  local dl="$QS_CACHE/keycloak/download"
  log "keycloak: fetching keycloak-quarkus-dist $QS_KEYCLOAK_VERSION (tar.gz, ~170 MB) and unpacking"
  # dependency:copy, not dependency:get: the artifact is a pom with the tar.gz attached, and
  # :get would resolve every server jar. Runs outside any project (plugin needs none).
  mkdir -p "$dl"
  (cd "$dl" && qs_mvn "$QS_RUN_DIR/install-keycloak.log" "$QS_MVN_DEP_PLUGIN:copy" \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$QS_KEYCLOAK_VERSION:tar.gz" \
    -DoutputDirectory="$dl")
  rm -rf "$QS_KEYCLOAK_HOME"
  tar -xzf "$dl/keycloak-quarkus-dist-$QS_KEYCLOAK_VERSION.tar.gz" -C "$QS_CACHE/keycloak"
  # The same tarball stays in .cache/m2; no need for a second copy.
  rm -rf "$dl"
  touch "$QS_KEYCLOAK_HOME/.qs-complete"
}

keycloak_start() {
  # The realm file is copied at every start, so edits to it apply on the next `up`
  # (dev-mem keeps nothing between runs: each start is a fresh import).
  mkdir -p "$QS_KEYCLOAK_HOME/data/import"
  cp -f "$QS_INFRA/keycloak/realm-qingshui.json" "$QS_KEYCLOAK_HOME/data/import/"
  # --hostname pins the token issuer to http://127.0.0.1:PORT/realms/qingshui; the backend's
  # KEYCLOAK_URL must be that same string.
  JAVA_HOME="$(qs_java_home)" \
  JAVA_OPTS_KC_HEAP="${QS_KEYCLOAK_HEAP:--Xms128m -Xmx768m}" \
  KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" \
  KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}" \
    start_detached keycloak "$QS_KEYCLOAK_HOME/bin/kc.sh" start-dev \
      --http-host="$QS_HOST" --http-port="$QS_KEYCLOAK_PORT" \
      --hostname="http://$QS_HOST:$QS_KEYCLOAK_PORT" \
      --http-management-port="$QS_KEYCLOAK_MGMT_PORT" \
      --import-realm --db=dev-mem --cache=local --health-enabled=true
}

keycloak_issuer() { echo "http://$QS_HOST:$QS_KEYCLOAK_PORT/realms/$QS_KEYCLOAK_REALM"; }

# Real readiness: the realm is imported (discovery document 200) AND a password grant for
# demo-admin yields an access token (users, credentials and client are all in place).
keycloak_ready() {
  curl -fsS -o /dev/null --max-time 3 "$(keycloak_issuer)/.well-known/openid-configuration" || return 1
  curl -fsS --max-time 5 "$(keycloak_issuer)/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=qingshui-web -d username=demo-admin -d password=demo \
    | grep -q '"access_token"'
}
