-- Marks a user active for ARGV[1] milliseconds: fan-out writes only reach timelines that exist. KEYS[1]: the
-- timeline, KEYS[2]: its stamp. Creates an empty timeline (the "0" placeholder) if there is none, stamped
-- complete with this Redis run's id: the caller vouches that the user has nothing to show yet (a new user, or
-- a test or benchmark setting a timeline up before any tweet). An existing timeline keeps its content and its
-- stamp (a stale one stays stale). Returns 1 if it created one.
local key, stamp_key, ttl = KEYS[1], KEYS[2], ARGV[1]
if redis.call('EXISTS', key) == 0 then
  redis.call('RPUSH', key, '0')
  redis.call('PEXPIRE', key, ttl)
  local run_id = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
  redis.call('SET', stamp_key, run_id, 'PX', ttl)
  return 1
end
redis.call('PEXPIRE', key, ttl)
redis.call('PEXPIRE', stamp_key, ttl)
return 0
