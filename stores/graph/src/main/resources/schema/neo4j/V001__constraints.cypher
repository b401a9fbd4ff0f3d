// Version 1 of the follow graph's schema. Applied once by the schema program (dev.chirp.schema), which records
// each applied version as a (:SchemaMigration {store: 'graph', version}) node. A change is a new file V002__…,
// never an edit of this one. Keep every statement idempotent (IF NOT EXISTS): a step interrupted before it was
// recorded runs again.
// Handles are unique case-insensitively, so the constraint is on the lower-cased copy.
CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE;
CREATE CONSTRAINT user_handle_key IF NOT EXISTS FOR (u:User) REQUIRE u.handle_key IS UNIQUE;
