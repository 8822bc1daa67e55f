#!/usr/bin/env bash
# Plan creation, a fraction edit and a plan read under wrk against a Release build on 127.0.0.1.
#   tests/load/run.sh            # builds, starts the service on a fresh database, seeds, measures
#   CONNECTIONS=1 LESIONS=5 ...  # one client; patients of five lesions (setup.py)
#   PLANNED_AHEAD=600 ...        # the center already holds 600 more plans, months ahead (plan_ahead.py)
#   PLANNABLE=6000 (default)     # patients seeded to plan: more than warm-up and 10 s take at 400 plans/s
# With auth on, set SIGNING_KEY (base64, 32 bytes) and the script mints an all-roles token for it.
set -euo pipefail
cd "$(dirname "$0")"
PORT=${PORT:-5199} BASE=http://127.0.0.1:${PORT} THREADS=${THREADS:-2} CONNECTIONS=${CONNECTIONS:-8} DURATION=${DURATION:-10s}
(( CONNECTIONS >= THREADS )) || THREADS=$CONNECTIONS  # wrk needs a connection per thread
export BASE THREADS IDEMPOTENCY_KEYS=${IDEMPOTENCY_KEYS:-0}
here=$PWD work=$(mktemp -d)
cp "$here"/*.lua "$here"/*.py "$work"/
bin=${BIN:-$work/bin}  # BIN: an existing Release build to measure instead of building one
[[ -n "${BIN:-}" ]] || dotnet build "$here/../../src/Cimer.Sbrt.Api" -c Release -o "$bin" -v q -nologo >/dev/null
# One token sends everything here, far past the per-subject rate limit (1000/s): lift it so the
# figures measure the service, not the limiter (a build without limits ignores these).
server_env=(ASPNETCORE_ENVIRONMENT=Production "ConnectionStrings__Sbrt=Data Source=$work/load.db" Logging__LogLevel__Default=Warning
  Limits__Burst=100000000 Limits__RequestsPerPeriod=100000000)
if [[ -n "${SIGNING_KEY:-}" ]]; then
  server_env+=(Authentication__Schemes__Bearer__ValidIssuer=load Authentication__Schemes__Bearer__ValidAudiences__0=load
    Authentication__Schemes__Bearer__SigningKeys__0__Issuer=load "Authentication__Schemes__Bearer__SigningKeys__0__Value=$SIGNING_KEY")
  TOKEN=$(python3 token.py load load "$SIGNING_KEY")
  export TOKEN
fi
env "${server_env[@]}" dotnet "$bin/Cimer.Sbrt.Api.dll" --urls "$BASE" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server; rm -rf "$work"' EXIT
cd "$work"
for _ in $(seq 50); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.2; done
python3 setup.py "${PLANNABLE:-6000}" "${EDITABLE:-300}"
[[ "${PLANNED_AHEAD:-0}" == 0 ]] || python3 plan_ahead.py "$PLANNED_AHEAD"
# Setup warmed plan creation up; a short warm-up of edits, then the measured runs.
wrk -t1 -c2 -d2s -s edit.lua "$BASE" >/dev/null
# Server CPU (utime + stime, clock ticks) around the measured plan creation, per request.
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
before=$(cpu)
created=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s plan.lua "$BASE" | tail -1)
after=$(cpu)
echo "plan creation:"; echo "$created"
awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v line="$created" \
  'BEGIN { split(line, f, /[ ,]+/); printf "server CPU per plan created: %.1f ms\n", t / hz * 1000 / f[2] }' 
echo "fraction edit:"; wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s edit.lua "$BASE" | tail -1
echo "plan read:"; wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s read.lua "$BASE" | tail -1
