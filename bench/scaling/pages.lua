-- wrk script of the scaling run: citizens rendering and saving a form page, each with a session of their own.
-- Environment: SPORTELLO_CITIZENS (a file written by prepare.py pages: cookie, page path, save body, tab-separated),
-- SPORTELLO_THREADS (wrk's -t). Thread k takes the citizens k, k + n, k + 2n ... and goes round them: each
-- citizen's page is rendered (GET, expects 200), and on the next round saved (POST action=next, expects 303)
-- with a different amount, so every save is validated, evaluated and written afresh. With more citizens per
-- thread than connections, one citizen never has two requests in flight.
local counter = 0

function setup(thread)
  thread:set("thread_index", counter)
  counter = counter + 1
end

function init(args)
  local threads = tonumber(os.getenv("SPORTELLO_THREADS") or "2")
  citizens = {}
  local index = 0
  for line in io.lines(os.getenv("SPORTELLO_CITIZENS")) do
    if index % threads == thread_index then
      local cookie, path, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
      table.insert(citizens, {cookie = cookie, path = path, body = body})
    end
    index = index + 1
  end
  sent = 0
end

function request()
  local n = #citizens
  local citizen = citizens[sent % n + 1]
  local round = math.floor(sent / n)
  sent = sent + 1
  if round % 2 == 0 then
    return wrk.format("GET", citizen.path, {["Cookie"] = citizen.cookie})
  end
  local amount = string.format("a.amount=%d%%2C%02d", round % 999 + 1, sent % 100)
  local body = citizen.body:gsub("a%.amount=[^&]*", function() return amount end)
  return wrk.format("POST", citizen.path, {
    ["Cookie"] = citizen.cookie, ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

function response(status, headers, body)
  if status ~= 200 and status ~= 303 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
