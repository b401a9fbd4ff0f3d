-- Marks a user active for ARGV[1] milliseconds: fan-out writes only reach timelines that exist. Creates an
-- empty timeline (the "0" placeholder) if there is none. Returns 1 if it created one.
local created = 0
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('RPUSH', KEYS[1], '0')
  created = 1
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return created
