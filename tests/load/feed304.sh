#!/usr/bin/env bash
# Server CPU per iCalendar feed 200 and 304 (If-None-Match), a linac month of ~150 events, against a
# Release build on 127.0.0.1: utime + stime of the service process around 2,000 requests each.
#   tests/load/feed304.sh                 # builds this tree in Release
#   BIN=/path/to/release tests/load/feed304.sh   # or measures a build made elsewhere (e.g. before a change)
set -euo pipefail
cd "$(dirname "$0")"
PORT=${PORT:-5304} BASE=http://127.0.0.1:${PORT} PATIENTS=${PATIENTS:-30} REQUESTS=${REQUESTS:-2000}
here=$PWD work=$(mktemp -d)
bin=${BIN:-$work/bin}
[[ -n "${BIN:-}" ]] || dotnet build "$here/../../src/Cimer.Sbrt.Api" -c Release -o "$bin" -v q -nologo >/dev/null
export BASE ASPNETCORE_ENVIRONMENT=Production "ConnectionStrings__Sbrt=Data Source=$work/load.db" Logging__LogLevel__Default=Warning \
  Limits__Burst=100000000 Limits__RequestsPerPeriod=100000000 \
  Authentication__Schemes__Bearer__ValidIssuer=load Authentication__Schemes__Bearer__ValidAudiences__0=load \
  Authentication__Schemes__Bearer__SigningKeys__0__Issuer=load \
  "Authentication__Schemes__Bearer__SigningKeys__0__Value=${SIGNING_KEY:-$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')}"
TOKEN=$(dotnet "$bin/Cimer.Sbrt.Api.dll" token --role admin --role scheduler --name load --expires 1h 2>/dev/null)
export TOKEN
dotnet "$bin/Cimer.Sbrt.Api.dll" --urls "$BASE" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server; if [[ -n "${KEEP:-}" ]]; then echo "kept $work"; else rm -rf "$work"; fi' EXIT
for _ in $(seq 100); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.2; done
python3 "$here/feed304.py" "$server" "$PATIENTS" "$REQUESTS"
