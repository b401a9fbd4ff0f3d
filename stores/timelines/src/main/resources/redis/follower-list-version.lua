-- The author's follower-list version (KEYS[1], a counter; ARGV[1] = "bump": increment it first), returned as
-- "<run id>:<counter>". A Redis restarted from an older snapshot hands out counter values it handed out before;
-- its run id (new at every start) keeps such a version from matching a follower list read before the restart.
local version
if ARGV[1] == 'bump' then
  version = redis.call('INCR', KEYS[1])
else
  version = redis.call('GET', KEYS[1]) or '0'
end
return string.match(redis.call('INFO', 'server'), 'run_id:(%w+)') .. ':' .. version
