package dev.chirp.common.graph;

/** A user in a list: id and handle. */
public record UserRef(long id, String handle) {
}
