-- wrk script: saves one form page (validation + draft write) with the session cookie and CSRF token.
-- Environment: SPORTELLO_COOKIE, SPORTELLO_BODY (urlencoded form, csrf_token included).
-- Every request changes the amount (a.amount=1..999,xx), so each save writes new answers and is
-- validated and evaluated afresh, as when a citizen corrects a page.
local body = os.getenv("SPORTELLO_BODY")
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("SPORTELLO_COOKIE")

function request()
  counter = counter + 1
  local amount = string.format("a.amount=%d%%2C%02d", counter % 999 + 1, counter % 100)
  return wrk.format(nil, nil, nil, (body:gsub("a%.amount=[^&]*", function() return amount end)))
end

function response(status, headers, body)
  if status ~= 303 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
