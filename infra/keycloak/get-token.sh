#!/usr/bin/env bash
# Prints an access token for a demo user (password grant on the public client qingshui-web;
# dev/test only). Usage: infra/keycloak/get-token.sh demo-cadre-county [password]
#   --decode as first argument prints the token's payload as JSON instead.
set -euo pipefail
decode=0
if [[ ${1:-} == --decode ]]; then decode=1; shift; fi
user=${1:?usage: get-token.sh [--decode] USER [PASSWORD]}
pass=${2:-demo}
base="http://127.0.0.1:${QS_KEYCLOAK_PORT:-8180}/realms/qingshui"
resp=$(curl -sS --max-time 10 "$base/protocol/openid-connect/token" \
  --data-urlencode grant_type=password --data-urlencode client_id=qingshui-web \
  --data-urlencode "username=$user" --data-urlencode "password=$pass")
token=$(printf '%s' "$resp" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[[ -n $token ]] || { echo "no token: $resp" >&2; exit 1; }
if ((decode)); then
  # JWT payload = 2nd dot-separated part, base64url without padding.
  p=$(cut -d. -f2 <<<"$token" | tr '_-' '/+')
  while (( ${#p} % 4 )); do p+='='; done
  base64 -d <<<"$p"; echo
else
  echo "$token"
fi
