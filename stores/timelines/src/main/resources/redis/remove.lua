-- Removes tweet ids (ARGV) from every timeline in KEYS that exists. A timeline left empty keeps the "0"
-- placeholder (and its expiry), so its user stays active. Returns how many entries were removed.
local removed = 0
for _, key in ipairs(KEYS) do
  local ttl = redis.call('PTTL', key)
  if ttl ~= -2 then
    for _, id in ipairs(ARGV) do
      removed = removed + redis.call('LREM', key, 0, id)
    end
    if redis.call('EXISTS', key) == 0 then
      redis.call('RPUSH', key, '0')
      if ttl > 0 then redis.call('PEXPIRE', key, ttl) end
    end
  end
end
return removed
