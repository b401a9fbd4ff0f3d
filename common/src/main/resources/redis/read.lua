-- Reads a user's timeline and keeps it ARGV[1] more milliseconds (reading is what makes a user active).
-- Returns false if the user has no timeline.
if redis.call('PEXPIRE', KEYS[1], ARGV[1]) == 0 then return false end
return redis.call('LRANGE', KEYS[1], 0, -1)
