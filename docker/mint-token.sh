#!/usr/bin/env bash
# Prints an HS256 bearer token the gateway accepts: ./mint-token.sh <user id> [scope]
#   ./mint-token.sh 42                  a token for user 42
#   ./mint-token.sh ops coupon:admin    a token with the admin scope (creating coupons)
# The secret is COUPON_JWT_SECRET from the environment, else from docker/.env beside this script. The token is valid
# for TOKEN_TTL seconds (default 3600). Its bytes are those the lab's TokenMinter and the nGrinder scripts produce.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "Usage: $0 <subject> [scope]" >&2
  exit 2
fi
if [[ -z "${COUPON_JWT_SECRET:-}" ]]; then
  env_file="$(dirname "$0")/.env"
  if [[ -f "$env_file" ]]; then
    COUPON_JWT_SECRET=$(sed -n 's/^COUPON_JWT_SECRET=//p' "$env_file")
  fi
fi
if [[ -z "${COUPON_JWT_SECRET:-}" ]]; then
  echo "Set COUPON_JWT_SECRET, or fill it in docker/.env" >&2
  exit 1
fi

base64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

subject=$1
scope=${2:+\"scope\":\"$2\",}
expires_at=$(( $(date +%s) + ${TOKEN_TTL:-3600} ))
header=$(printf '{"alg":"HS256","typ":"JWT"}' | base64url)
claims=$(printf '{"sub":"%s",%s"exp":%d}' "$subject" "$scope" "$expires_at" | base64url)
signature=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -hmac "$COUPON_JWT_SECRET" -binary | base64url)
echo "$header.$claims.$signature"
