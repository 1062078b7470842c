-- wrk script: whoami with a different session on every request, in rotation over the session
-- tokens in $TOKENS_FILE (one per line, from bench/seed.rs). Thread i of $THREADS (default 2,
-- as wrk -t2) starts i/THREADS of the way in, so together they cover every token once in as many
-- requests as there are tokens.
local tokens = {}
local at = 0
local threads = 0

function setup(thread)
  thread:set("first", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    tokens[#tokens + 1] = line
  end
  at = math.floor(#tokens * first / tonumber(os.getenv("THREADS") or "2"))
end

function request()
  at = at % #tokens + 1
  return wrk.format("GET", "/sessions/whoami", { ["X-Session-Token"] = tokens[at] })
end
