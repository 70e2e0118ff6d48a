-- wrk script for the uncached runs: every request is a random line of the file named by $WRK_PATHS, so that
-- requests spread over many insights (or queries) and the query service's response cache mostly misses.
-- Each wrk thread has its own Lua state; setup() numbers them so that they draw different sequences.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
   paths[#paths + 1] = line
end

local threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("id", threads)
end

function init(args)
   math.randomseed(os.time() * 1000 + (id or 0) * 7919)
end

function request()
   return wrk.format("GET", paths[math.random(#paths)])
end
