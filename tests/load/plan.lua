-- POST /api/v1/patients/{id}/plan, each patient of plan-patients.txt once: of THREADS wrk threads,
-- thread t plans patients t, t + THREADS, t + 2 THREADS, ... With IDEMPOTENCY_KEYS=1 each request
-- carries its own Idempotency-Key, so the answer is kept with the plan. SKIP=n starts after the first n
-- patients (two wrk processes on two instances plan different patients).
dofile("report.lua")
local ids = {}
for line in io.lines("plan-patients.txt") do ids[#ids + 1] = line end
local started = 0
local step = tonumber(os.getenv("THREADS") or "2")
local skip = tonumber(os.getenv("SKIP") or "0")
local token = os.getenv("TOKEN")
local keyed = os.getenv("IDEMPOTENCY_KEYS") == "1"

function setup(thread)
  thread:set("offset", started)
  started = started + 1
end

function init(args)
  next_index = offset + 1 + skip
end

function request()
  local id = ids[next_index]
  if id == nil then error("out of patients: seed more") end
  next_index = next_index + step
  local headers = { ["content-type"] = "application/json" }
  if token and token ~= "" then headers["authorization"] = "Bearer " .. token end
  if keyed then headers["idempotency-key"] = "plan-" .. id end
  return wrk.format("POST", "/api/v1/patients/" .. id .. "/plan", headers, nil)
end
