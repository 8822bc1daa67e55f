-- GET one path (PATH_AND_QUERY) over and over, with the bearer TOKEN and, when set, If-None-Match.
dofile("report.lua")
local path = os.getenv("PATH_AND_QUERY")
local token = os.getenv("TOKEN")
local etag = os.getenv("IF_NONE_MATCH")

function request()
  local headers = {}
  if token and token ~= "" then headers["authorization"] = "Bearer " .. token end
  if etag and etag ~= "" then headers["if-none-match"] = etag end
  return wrk.format("GET", path, headers, nil)
end
