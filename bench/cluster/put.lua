-- wrk script: PUT a small state to 1,000 documents in turn (ids bench-<prefix>-0..999).
-- LUX_API_KEY and BENCH_PREFIX come from the environment.
local key = os.getenv("LUX_API_KEY")
local prefix = os.getenv("BENCH_PREFIX") or "n"
local counter = 0
request = function()
  counter = counter + 1
  local id = "bench-" .. prefix .. "-" .. (counter % 1000)
  return wrk.format("PUT", "/api/lux/" .. id,
    {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"},
    '{"data":{"step":"working","progress":' .. (counter % 100) .. '}}')
end
