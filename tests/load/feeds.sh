#!/usr/bin/env bash
# The integration feeds under wrk against a Release build on 127.0.0.1: a month of FHIR Slots for
# 3 linacs (one page, and the first page of 100), a linac's month as iCalendar, and its 304.
#   tests/load/feeds.sh
set -euo pipefail
cd "$(dirname "$0")"
PORT=${PORT:-5198} BASE=http://127.0.0.1:${PORT} THREADS=${THREADS:-2} CONNECTIONS=${CONNECTIONS:-8} DURATION=${DURATION:-10s}
SIGNING_KEY=${SIGNING_KEY:-$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')}
export BASE
here=$PWD work=$(mktemp -d)
cp "$here"/*.lua "$here"/*.py "$work"/
bin=${BIN:-$work/bin}
[[ -n "${BIN:-}" ]] || dotnet build "$here/../../src/Cimer.Sbrt.Api" -c Release -o "$bin" -v q -nologo >/dev/null
TOKEN=$(python3 token.py load load "$SIGNING_KEY")
export TOKEN
env ASPNETCORE_ENVIRONMENT=Production "ConnectionStrings__Sbrt=Data Source=$work/load.db" Logging__LogLevel__Default=Warning \
  Limits__Burst=100000000 Limits__RequestsPerPeriod=100000000 \
  Authentication__Schemes__Bearer__ValidIssuer=load Authentication__Schemes__Bearer__ValidAudiences__0=load \
  Authentication__Schemes__Bearer__SigningKeys__0__Issuer=load "Authentication__Schemes__Bearer__SigningKeys__0__Value=$SIGNING_KEY" \
  dotnet "$bin/Cimer.Sbrt.Api.dll" --urls "$BASE" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server; rm -rf "$work"' EXIT
cd "$work"
for _ in $(seq 50); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.2; done
read -r linac from to < <(python3 feeds_setup.py "${PATIENTS:-40}")
month="start=ge${from}&start=lt${to}"
measure() {
  local name=$1 path=$2 etag=${3:-}
  PATH_AND_QUERY=$path IF_NONE_MATCH=$etag wrk -t1 -c2 -d2s -s get.lua "$BASE" >/dev/null
  echo "$name:"; PATH_AND_QUERY=$path IF_NONE_MATCH=$etag wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s get.lua "$BASE" | tail -1
}
slots=$(curl -sf -H "authorization: Bearer $TOKEN" "$BASE/fhir/r4/Slot?${month}&_count=0" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
ics="/api/v1/linacs/$linac/calendar.ics?from=$from&to=$to"
events=$(curl -sf -H "authorization: Bearer $TOKEN" "$BASE$ics" | grep -c "BEGIN:VEVENT")
etag=$(curl -sf -o /dev/null -D - -H "authorization: Bearer $TOKEN" "$BASE$ics" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}')
echo "a month: $slots FHIR slots over 3 linacs; the first linac's ICS has $events events"
measure "FHIR Slot search, a month of 3 linacs in one page (_count=2000)" "/fhir/r4/Slot?${month}&_count=2000"
measure "FHIR Slot search, first page of 100" "/fhir/r4/Slot?${month}&_count=100"
measure "linac ICS feed, a month" "$ics"
measure "linac ICS feed, If-None-Match (304)" "$ics" "$etag"
