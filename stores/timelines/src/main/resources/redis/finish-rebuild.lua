-- Finishes the rebuild ARGV[2] (its token) of the timeline KEYS[1] (its stamp: KEYS[2]): the stores' ids
-- (ARGV[3..], any order) together with what the timeline holds now (the pushes and merges since the rebuild
-- began), newest first, each id once, at most ARGV[1]; stamped complete with this Redis run's id. Writes
-- nothing if the rebuild no longer owns the timeline: another rebuild began since (it read the stores later and
-- will write), a removal ran meanwhile ("rebuilding-dirty": the stores' ids may hold what it removed, so the
-- next read rebuilds), or the timeline is gone. Returns {1 if written else 0, ids...}.
local key, stamp_key, cap, token = KEYS[1], KEYS[2], tonumber(ARGV[1]), ARGV[2]

local function newer(a, b)
  if #a ~= #b then return #a > #b end
  return a > b
end

local seen, ids = {}, {}
local function add(id)
  if id ~= '0' and not seen[id] then
    seen[id] = true
    ids[#ids + 1] = id
  end
end
for _, id in ipairs(redis.call('LRANGE', key, 0, -1)) do add(id) end
for i = 3, #ARGV do add(ARGV[i]) end
table.sort(ids, newer)
while #ids > cap do table.remove(ids) end

local ttl = redis.call('PTTL', key)
local written = 0
if ttl ~= -2 and redis.call('GET', stamp_key) == 'rebuilding:' .. token then
  redis.call('DEL', key)
  if #ids == 0 then redis.call('RPUSH', key, '0') end
  for i = 1, #ids, 1000 do
    redis.call('RPUSH', key, unpack(ids, i, math.min(i + 999, #ids)))
  end
  local run_id = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
  if ttl > 0 then
    redis.call('PEXPIRE', key, ttl)
    redis.call('SET', stamp_key, run_id, 'PX', ttl)
  else
    redis.call('SET', stamp_key, run_id)
  end
  written = 1
end
local result = {written}
for _, id in ipairs(ids) do result[#result + 1] = id end
return result
