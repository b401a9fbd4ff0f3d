package dev.chirp.store.graph;

import java.time.Instant;

/** A user as the API shows one: who they are and how many follow them / they follow. */
public record UserProfile(long id, String handle, Instant createdAt, long followersCount, long followingCount) {
}
