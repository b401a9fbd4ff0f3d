-- Reads part of a user's timeline and keeps it ARGV[1] more milliseconds (reading is what makes a user
-- active): up to ARGV[3] ids below ARGV[2] (exclusive; "" for from the newest), newest first. Returns false if
-- the user has no timeline, else {length of the whole timeline, ids...}.
local key, below, count = KEYS[1], ARGV[2], tonumber(ARGV[3])
if redis.call('PEXPIRE', key, ARGV[1]) == 0 then return false end
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
