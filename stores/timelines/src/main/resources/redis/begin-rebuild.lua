-- Begins a rebuild of the timeline KEYS[1] (its stamp: KEYS[2]), before the stores are read: from now on the
-- fan-out's pushes reach it, so none is lost while the stores are read. Creates the timeline (the "0"
-- placeholder) if there is none; a stale one (its stamp is not this Redis run's id) loses its content, which
-- may hold entries whose removal was lost; a complete one keeps it. Keeps both for ARGV[1] milliseconds and
-- stamps the timeline "rebuilding:" ARGV[2] (the rebuild's token): stale until the rebuild finishes, so a
-- rebuild that dies leaves it to the next read to rebuild. Returns 1 if it cleared or created the timeline.
local key, stamp_key, ttl, token = KEYS[1], KEYS[2], ARGV[1], ARGV[2]
local run_id = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
local cleared = 0
if redis.call('GET', stamp_key) ~= run_id or redis.call('EXISTS', key) == 0 then
  redis.call('DEL', key)
  redis.call('RPUSH', key, '0')
  cleared = 1
end
redis.call('PEXPIRE', key, ttl)
redis.call('SET', stamp_key, 'rebuilding:' .. token, 'PX', ttl)
return cleared
