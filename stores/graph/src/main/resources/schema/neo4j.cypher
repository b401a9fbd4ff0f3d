// Applied by ./chirp up and by the test harness on every start: keep each statement idempotent.
// Handles are unique case-insensitively, so the constraint is on the lower-cased copy.
CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE;
CREATE CONSTRAINT user_handle_key IF NOT EXISTS FOR (u:User) REQUIRE u.handle_key IS UNIQUE;
