-- Reads part of a user's timeline KEYS[1] and keeps it (and its stamp KEYS[2]) ARGV[1] more milliseconds
-- (reading is what makes a user active; "": keeps nothing, writes nothing, for a Redis that refuses writes):
-- up to ARGV[3] ids below ARGV[2] (exclusive; "" for from the newest),
-- newest first. Returns false if the user has no timeline; {-1} if it is stale: its stamp is not this Redis run's
-- id, so it may miss writes (Redis restarted from a snapshot or failed over since it was built complete, or a
-- rebuild is running or died) and the caller rebuilds it; else {length of the whole timeline, ids...}.
local key, stamp_key, below, count = KEYS[1], KEYS[2], ARGV[2], tonumber(ARGV[3])
if ARGV[1] == '' then
  if redis.call('EXISTS', key) == 0 then return false end
else
  if redis.call('PEXPIRE', key, ARGV[1]) == 0 then return false end
  redis.call('PEXPIRE', stamp_key, ARGV[1])
end
-- The id of this Redis process: a new one after every restart, another one on another node (a failover).
local run_id = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
if redis.call('GET', stamp_key) ~= run_id then return {-1} end
local length = redis.call('LLEN', key)

local function newer(a, b)
  if #a ~= #b then return #a > #b end
  return a > b
end

local start = 0
if below ~= '' then
  -- The list is newest first: find the first id older than ARGV[2], looking in growing slices.
  local size, found = 32, false
  while not found and start < length do
    local items = redis.call('LRANGE', key, start, start + size - 1)
    for i, item in ipairs(items) do
      if newer(below, item) then start, found = start + i - 1, true break end
    end
    if not found then start = start + #items end
    size = size * 4
  end
end
local result = {length}
for _, id in ipairs(redis.call('LRANGE', key, start, start + count - 1)) do result[#result + 1] = id end
return result
