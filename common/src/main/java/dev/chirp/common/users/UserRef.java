package dev.chirp.common.users;

/** A user in a list: id and handle. */
public record UserRef(long id, String handle) {
}
