-- GET /api/v1/plans/{id} over the plans of edit-fractions.txt: a cheap read, where the cost of
-- checking a token is the largest share of a request.
dofile("report.lua")
local plans = {}
for line in io.lines("edit-fractions.txt") do plans[#plans + 1] = line:match("(%S+)") end
local n = 0
local token = os.getenv("TOKEN")

function request()
  n = n + 1
  local headers = {}
  if token and token ~= "" then headers["authorization"] = "Bearer " .. token end
  return wrk.format("GET", "/api/v1/plans/" .. plans[(n % #plans) + 1], headers, nil)
end
