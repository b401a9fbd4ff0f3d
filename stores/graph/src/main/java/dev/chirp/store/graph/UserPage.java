package dev.chirp.store.graph;

import dev.chirp.common.users.UserRef;

import java.util.List;

/** One page of a follower/following list; {@code nextAfter} is where the next page starts, null at the end. */
public record UserPage(List<UserRef> users, Long nextAfter) {
}
