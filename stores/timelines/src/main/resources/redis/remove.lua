-- Removes tweet ids (ARGV) from every timeline that exists; KEYS are pairs: a timeline, its stamp. A timeline
-- left empty keeps the "0" placeholder (and its expiry), so its user stays active. A timeline being rebuilt is
-- marked "rebuilding-dirty": the rebuild may have read the stores before this removal and would bring the ids
-- back, so it must not stamp the timeline complete (the next read rebuilds it again). Returns how many entries
-- were removed.
local removed = 0
for k = 1, #KEYS, 2 do
  local key, stamp_key = KEYS[k], KEYS[k + 1]
  local ttl = redis.call('PTTL', key)
  if ttl ~= -2 then
    for _, id in ipairs(ARGV) do
      removed = removed + redis.call('LREM', key, 0, id)
    end
    if redis.call('EXISTS', key) == 0 then
      redis.call('RPUSH', key, '0')
      if ttl > 0 then redis.call('PEXPIRE', key, ttl) end
    end
    local stamp = redis.call('GET', stamp_key)
    if stamp and string.sub(stamp, 1, 11) == 'rebuilding:' then
      redis.call('SET', stamp_key, 'rebuilding-dirty', 'KEEPTTL')
    end
  end
end
return removed
