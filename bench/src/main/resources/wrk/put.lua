-- POST /api/namespaces/load/notes with a different note each time. The API key comes after
-- "--" on wrk's command line; each wrk thread numbers its own notes, so no two are equal
-- (the store would answer a repeated text from its dedup path instead of storing it).
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
    '{"text":"note %d-%d: the team reviews the quarterly plan of project %d on day %d of the sprint"}',
    tid, n, n % 97, n % 7)
  return wrk.format("POST", "/api/namespaces/load/notes",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end
