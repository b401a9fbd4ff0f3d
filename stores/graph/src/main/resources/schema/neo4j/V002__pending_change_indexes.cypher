// Version 2: what follow-svc's sweeper finds pending changes by (a follow or unfollow whose event Pulsar never
// acknowledged): follow edges still marked pending, and users whose oldest pending unfollow is old enough.
CREATE INDEX follows_pending IF NOT EXISTS FOR ()-[f:FOLLOWS]-() ON (f.pending);
CREATE INDEX user_pending_unfollows_since IF NOT EXISTS FOR (u:User) ON (u.pending_unfollows_since);
// Users with pending unfollows marked before their time was recorded: found by the sweeper at once (0, long ago).
MATCH (u:User) WHERE size(coalesce(u.pending_unfollows, [])) > 0 AND u.pending_unfollows_since IS NULL SET u.pending_unfollows_since = 0;
