-- wrk script: whoami with a different session on every request, in rotation over the session
-- tokens in $TOKENS_FILE (one per line, from bench/seed.rs). Each wrk thread starts elsewhere.
local tokens = {}
local at = 0

function init(args)
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    tokens[#tokens + 1] = line
  end
  at = math.random(#tokens)
end

function request()
  at = at % #tokens + 1
  return wrk.format("GET", "/sessions/whoami", { ["X-Session-Token"] = tokens[at] })
end
