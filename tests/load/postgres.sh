#!/usr/bin/env bash
# Plan creation on SQLite, on PostgreSQL with one instance and with two, in one run on 127.0.0.1:
# each on a fresh database seeded alike (setup.py), then wrk for DURATION. Two instances share the load:
# half the clients on each (wrk twice at once, on different patients), figures summed.
#   tests/load/postgres.sh                 # builds Release, starts a throwaway PostgreSQL 15 (fsync on)
#   BIN=/path/to/build CONNECTIONS=8 ...   # an existing Release build; clients in all
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD root=$(cd ../.. && pwd)
CONNECTIONS=${CONNECTIONS:-8} DURATION=${DURATION:-10s} PLANNABLE=${PLANNABLE:-6000}
work=$(mktemp -d)
cp "$here"/*.lua "$here"/*.py "$work"/
bin=${BIN:-$work/bin}
[[ -n "${BIN:-}" ]] || dotnet build "$root/src/Cimer.Sbrt.Api" -c Release -o "$bin" -v q -nologo >/dev/null
SBRT_PG_FSYNC=on
export SBRT_PG_FSYNC
# shellcheck source=../../.ci/postgres
source "$root/.ci/postgres"
start_postgres >/dev/null
key=$(head -c 32 /dev/urandom | base64)
TOKEN=$(python3 token.py load load "$key")
export TOKEN THREADS=2
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; stop_postgres; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"

# One service process on PORT with the extra settings given; its pid joins pids.
serve() {
  local port=$1; shift
  env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    Limits__Burst=100000000 Limits__RequestsPerPeriod=100000000 \
    Authentication__Schemes__Bearer__ValidIssuer=load Authentication__Schemes__Bearer__ValidAudiences__0=load \
    Authentication__Schemes__Bearer__SigningKeys__0__Issuer=load "Authentication__Schemes__Bearer__SigningKeys__0__Value=$key" \
    DataProtection__KeysPath="$work/keys" "$@" \
    dotnet "$bin/Cimer.Sbrt.Api.dll" --urls "http://127.0.0.1:$port" >>"$work/server-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && return; sleep 0.2; done
  echo "instance on $port did not start:" >&2; tail -20 "$work/server-$port.log" >&2; exit 1
}

stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; pids=(); }

postgres_db() {
  local name=$1
  PGPASSWORD=$(sed -E 's/.*Password=([^;]*).*/\1/' <<<"$SBRT_TEST_POSTGRES") "$SBRT_PG_BIN/psql" -q -h 127.0.0.1 \
    -p "$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$SBRT_TEST_POSTGRES")" -U sbrt_ci -d postgres -c "CREATE DATABASE $name"
  echo "${SBRT_TEST_POSTGRES/Database=postgres/Database=$name};Maximum Pool Size=50"
}

# Seeds through the first instance, warms each instance up on patients the measured run does not use,
# then measures: wrk per instance at once, each on its own share of the patients.
measure() {
  local label=$1; shift
  local ports=("$@") n=$#
  BASE=http://127.0.0.1:${ports[0]} python3 setup.py "$PLANNABLE" 300 >/dev/null
  for p in "${ports[@]}"; do
    BASE=http://127.0.0.1:$p SKIP=$((PLANNABLE - 400)) wrk -t1 -c2 -d2s -s plan.lua "http://127.0.0.1:$p" >/dev/null 2>&1 || true
  done
  local share=$(( (PLANNABLE - 400) / n )) i=0 runs=()
  for p in "${ports[@]}"; do
    BASE=http://127.0.0.1:$p SKIP=$((i * share)) wrk -t2 -c$((CONNECTIONS / n)) -d"$DURATION" -s plan.lua "http://127.0.0.1:$p" \
      | tail -1 >"$work/result-$p" &
    runs+=($!)
    i=$((i + 1))
  done
  wait "${runs[@]}"
  for p in "${ports[@]}"; do echo "$label, instance on $p: $(cat "$work/result-$p")"; done
  if (( n > 1 )); then
    cat "$work"/result-* | awk '{ for (i = 1; i <= NF; i++) if ($i == "rps") sum += $(i + 1) } END { printf "%s, together: %.1f requests/s\n", label, sum }' label="$label"
  fi
  rm -f "$work"/result-*
}

serve 5401 "ConnectionStrings__Sbrt=Data Source=$work/load.db"
measure "SQLite, one instance" 5401
stop_all

one=$(postgres_db sbrt_one)
serve 5402 Database__Provider=Postgres "ConnectionStrings__Sbrt=$one"
measure "PostgreSQL, one instance" 5402
stop_all

two=$(postgres_db sbrt_two)
serve 5403 Database__Provider=Postgres "ConnectionStrings__Sbrt=$two"
serve 5404 Database__Provider=Postgres "ConnectionStrings__Sbrt=$two"
measure "PostgreSQL, two instances" 5403 5404
