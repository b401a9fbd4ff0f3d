-- Adds one tweet id to every timeline in KEYS that exists (an absent key is an inactive user: skipped).
-- A timeline is a list of tweet ids, newest first, at most ARGV[2] long, each id once; "0" is the
-- placeholder that keeps an empty timeline in existence and sorts last. ARGV[1]: the id, in decimal.
-- Returns how many timelines got the id.
local id, cap = ARGV[1], tonumber(ARGV[2])

-- Ids are decimal strings of positive 63-bit numbers: compare by length, then by digits (Lua numbers are
-- doubles and would round them).
local function newer(a, b)
  if #a ~= #b then return #a > #b end
  return a > b
end

local written = 0
for _, key in ipairs(KEYS) do
  local head = redis.call('LINDEX', key, 0)
  if head then
    if newer(id, head) then
      if redis.call('LPUSH', key, id) > cap then redis.call('LTRIM', key, 0, cap - 1) end
      written = written + 1
    elseif id ~= head then
      -- Older than the newest entry (another author's later tweet was written first, or a redelivery):
      -- insert in order unless it is already there or would fall beyond the cap. Usually its place is near
      -- the head, so look in growing slices instead of reading the whole list.
      local start, size, pivot, present, length = 0, 8, nil, false, 0
      while not pivot and not present do
        local items = redis.call('LRANGE', key, start, start + size - 1)
        for i, item in ipairs(items) do
          if item == id then present = true break end
          if newer(id, item) then pivot, length = item, start + i break end
        end
        if #items < size then
          if not pivot then length = start + #items end
          break
        end
        start, size = start + size, size * 4
      end
      if not present then
        if pivot then
          if length <= cap then
            redis.call('LINSERT', key, 'BEFORE', pivot, id)
            redis.call('LTRIM', key, 0, cap - 1)
            written = written + 1
          end
        elseif length < cap then
          redis.call('RPUSH', key, id)
          written = written + 1
        end
      end
    end
  end
end
return written
