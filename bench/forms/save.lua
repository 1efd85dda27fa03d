-- wrk script: saves one form page (validation + draft write) with the session cookie and CSRF token.
-- Environment: SPORTELLO_COOKIE, SPORTELLO_BODY (urlencoded form, csrf_token included).
wrk.method = "POST"
wrk.body = os.getenv("SPORTELLO_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("SPORTELLO_COOKIE")

function response(status, headers, body)
  if status ~= 303 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
