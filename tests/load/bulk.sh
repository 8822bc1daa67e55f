#!/usr/bin/env bash
# The bulk re-plan of a month of 100 plans (bulk.py) against a Release build on 127.0.0.1.
#   tests/load/bulk.sh                 # builds, starts the service on a fresh database, seeds, measures
#   BIN=/path/to/release tests/load/bulk.sh   # measures an existing build (e.g. another commit's)
set -euo pipefail
cd "$(dirname "$0")"
PORT=${PORT:-5198} BASE=http://127.0.0.1:${PORT}
export BASE
here=$PWD work=$(mktemp -d)
bin=${BIN:-$work/bin}
[[ -n "${BIN:-}" ]] || dotnet build "$here/../../src/Cimer.Sbrt.Api" -c Release -o "$bin" -v q -nologo >/dev/null
SIGNING_KEY=${SIGNING_KEY:-$(openssl rand -base64 32)}
server_env=(ASPNETCORE_ENVIRONMENT=Production "ConnectionStrings__Sbrt=Data Source=$work/bulk.db" Logging__LogLevel__Default=Warning
  Limits__Burst=100000000 Limits__RequestsPerPeriod=100000000
  Authentication__Schemes__Bearer__ValidIssuer=load Authentication__Schemes__Bearer__ValidAudiences__0=load
  Authentication__Schemes__Bearer__SigningKeys__0__Issuer=load "Authentication__Schemes__Bearer__SigningKeys__0__Value=$SIGNING_KEY")
TOKEN=$(python3 "$here/token.py" load load "$SIGNING_KEY")
export TOKEN
env "${server_env[@]}" dotnet "$bin/Cimer.Sbrt.Api.dll" --urls "$BASE" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.2; done
python3 "$here/bulk.py" "${RUNS:-5}"
