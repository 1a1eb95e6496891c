package io.texlink.bench;

/** What travels besides the 24-byte header in the socket-based baselines. */
enum SocketPayload {
    /** Nothing: the raw one-way trip of the header alone. */
    NOTICE_ONLY,
    /** The frame's bytes follow the header on the socket. */
    INLINE,
    /** The frame is copied into a shared mapping before the header is sent, and out of it after. */
    SHARED_MEMORY
}
