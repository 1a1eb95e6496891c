package io.texlink;

/**
 * A snapshot of a server's counters.
 *
 * @param framesPublished    frames published since start
 * @param clients            consumers connected now
 * @param clientsRefused     connections turned away (uid, capacity, handshake failure)
 * @param clientsDropped     consumers dropped for misbehaving or a full socket buffer
 * @param lastPublishNanos   {@code System.nanoTime()} of the last publish, -1 before the first
 * @param framesUnavailable  times {@link TexlinkServer#beginFrame()} found no free buffer
 */
public record ServerStats(long framesPublished, int clients, long clientsRefused, long clientsDropped,
                          long lastPublishNanos, long framesUnavailable) {
}
