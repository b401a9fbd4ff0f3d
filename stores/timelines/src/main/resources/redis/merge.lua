-- Merges tweet ids (ARGV[2..], any order) into the timeline KEYS[1]: newest first, each id once, at most
-- ARGV[1] entries, its expiry (and its stamp: a stale timeline stays stale) kept. A missing timeline is left
-- missing (an inactive user). Returns the timeline's length.
local key, cap = KEYS[1], tonumber(ARGV[1])
local ttl = redis.call('PTTL', key)
if ttl == -2 then return 0 end

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
for i = 2, #ARGV do add(ARGV[i]) end
table.sort(ids, newer)
while #ids > cap do table.remove(ids) end
if #ids == 0 then ids[1] = '0' end

redis.call('DEL', key)
for i = 1, #ids, 1000 do
  redis.call('RPUSH', key, unpack(ids, i, math.min(i + 999, #ids)))
end
if ttl > 0 then redis.call('PEXPIRE', key, ttl) end
return #ids
