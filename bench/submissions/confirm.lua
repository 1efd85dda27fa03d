-- wrk script: confirms a different prepared filing at every request (confirm → protocol → PDF/A → outbox).
-- Environment: SPORTELLO_COOKIE, SPORTELLO_CSRF, SPORTELLO_IDS (a file with one filing id per line),
-- SPORTELLO_THREADS (wrk's -t). Thread k takes the ids k, k + n, k + 2n ...; a thread out of ids stops.
local counter = 0

function setup(thread)
  thread:set("thread_index", counter)
  counter = counter + 1
end

function init(args)
  local threads = tonumber(os.getenv("SPORTELLO_THREADS") or "2")
  ids = {}
  local index = 0
  for line in io.lines(os.getenv("SPORTELLO_IDS")) do
    if index % threads == thread_index then table.insert(ids, line) end
    index = index + 1
  end
  position = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = os.getenv("SPORTELLO_COOKIE")
  wrk.body = "csrf_token=" .. os.getenv("SPORTELLO_CSRF")
end

function request()
  position = position + 1
  local id = ids[position]
  if id == nil then
    wrk.thread:stop()
    id = ids[#ids]
  end
  return wrk.format(nil, "/pratiche/" .. id .. "/conferma")
end

function response(status, headers, body)
  if status ~= 303 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
