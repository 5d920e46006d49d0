-- wrk script: PUTs to 64 documents whose progress climbs and whose step changes every 10 points,
-- so every write runs the insight path (window samples, timeline entries).
--   LUX_API_KEY=… wrk -t1 -c32 -d30s -s bench/insight-put.lua http://127.0.0.1:PORT
local key = os.getenv("LUX_API_KEY")
local counter = 0
request = function()
  counter = counter + 1
  local id = counter % 64
  local progress = math.floor(counter / 64) % 100
  local body = '{"data":{"job":"bench","status":"fetching","step":"step-'
    .. math.floor(progress / 10) .. '","progress":' .. progress .. '}}'
  return wrk.format("PUT", "/api/lux/bench-insight-" .. id,
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, body)
end
