package io.texlink.wire;

import io.texlink.Buffering;
import io.texlink.FrameMeta;

/**
 * What a producer tells each consumer on accept: how many buffers follow as fds, how they rotate,
 * what they hold, and the name of the control block to open. Encoded by {@link HandshakeRecord}.
 *
 * @param bufferCount      buffers (and fds that follow the handshake), 1..3
 * @param buffering        rotation scheme; in v3 its value equals the buffer count
 * @param meta             shape and handle type of the buffers
 * @param controlBlockName shared-memory name of the control block, e.g. {@code /texlink_cam}
 */
public record Handshake(int bufferCount, Buffering buffering, FrameMeta meta, String controlBlockName) {

    public Handshake {
        if (bufferCount < 1 || bufferCount > HandshakeRecord.MAX_BUFFER_COUNT) {
            throw new IllegalArgumentException("buffer count must be 1.." + HandshakeRecord.MAX_BUFFER_COUNT + ", got " + bufferCount);
        }
        if (buffering == null || meta == null || controlBlockName == null) {
            throw new IllegalArgumentException("buffering, meta and control-block name are required");
        }
    }
}
