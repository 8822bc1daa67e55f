-- PATCH /api/v1/plans/{id}/fractions/{fid}: pins and unpins the last fraction of the plans in
-- edit-fractions.txt in turn, with If-Match: * (every rule is still checked on each edit) and the
-- reason every edit gives for the audit trail (a build before the audit ignores it).
dofile("report.lua")
local targets = {}
for line in io.lines("edit-fractions.txt") do
  local plan, fraction = line:match("(%S+) (%S+)")
  targets[#targets + 1] = { plan, fraction }
end
local n = 0
local token = os.getenv("TOKEN")

function request()
  n = n + 1
  local target = targets[(n % #targets) + 1]
  local pinned = (math.floor(n / #targets) % 2 == 0) and "true" or "false"
  local headers = { ["content-type"] = "application/json", ["if-match"] = "*" }
  if token and token ~= "" then headers["authorization"] = "Bearer " .. token end
  return wrk.format("PATCH", "/api/v1/plans/" .. target[1] .. "/fractions/" .. target[2], headers,
    '{ "pinned": ' .. pinned .. ', "reason": "load test" }')
end
