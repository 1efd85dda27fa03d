-- Requests a random path from the file named by INBOX_PATHS, with the operator's cookie (SPORTELLO_COOKIE).
local paths = {}
local cookie = os.getenv("SPORTELLO_COOKIE")

function init(args)
    for line in io.lines(os.getenv("INBOX_PATHS")) do paths[#paths + 1] = line end
    math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
    return wrk.format("GET", paths[math.random(#paths)], { Cookie = cookie })
end
