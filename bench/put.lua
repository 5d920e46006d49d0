-- wrk script: PUT the seed's job state to 1,000 documents in turn, as agents would.
--   wrk -t1 -c32 -d30s --latency -s bench/put.lua http://127.0.0.1:8080  (LUX_API_KEY in the env)
local key = os.getenv("LUX_API_KEY")
local n = 0
request = function()
  n = n + 1
  local body = '{"data":{"job":"invoice-reconcile","step":"validating","progress":' .. (n % 100) .. '}}'
  return wrk.format("PUT", "/api/lux/workflow-bench-" .. (n % 1000), {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
  }, body)
end
