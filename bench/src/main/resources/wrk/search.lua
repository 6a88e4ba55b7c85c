-- POST /api/search with a different query text each time, top 5 over namespace "load". The API
-- key comes after "--" on wrk's command line.
local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  key = args[1]
  n = 0
end

function request()
  n = n + 1
  local body = string.format(
    '{"query":"what did the team plan for project %d on day %d (%d-%d)","namespaces":["load"],"topK":5}',
    n % 97, n % 7, tid, n)
  return wrk.format("POST", "/api/search",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end
