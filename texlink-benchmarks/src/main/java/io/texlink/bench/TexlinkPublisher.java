package io.texlink.bench;

import io.texlink.Buffering;
import io.texlink.FrameDescriptor;
import io.texlink.ServerOptions;
import io.texlink.TexlinkServer;
import io.texlink.WritableFrame;
import io.texlink.backend.FrameAllocator;

import java.util.function.Supplier;

/**
 * Publishes frames with a {@link TexlinkServer}. The CPU methods write the header into the shared
 * buffer itself; other methods bring their own frames (an allocator) and {@link FrameWriter}.
 */
public final class TexlinkPublisher implements Publisher {
    private final TexlinkServer server;
    private final FrameWriter writer;

    /** CPU frames of the cell's size; each carries the {@link FrameHeader} at offset 0. */
    TexlinkPublisher(TrialSpec spec) {
        // endFrame stamps its own publish time into the control block; the consumer measures from that.
        this(spec, spec.cell().size().descriptor(), ServerOptions::defaultCpuAllocator,
                (frame, frameId, phase) -> FrameHeader.write(frame.memory(), System.nanoTime(), frameId, phase, 0));
    }

    /**
     * A session of {@code descriptor} frames from {@code allocator}, filled by {@code writer}, on the
     * trial's socket with the cell's buffer count. Takes {@code writer} over: closes it when the
     * server cannot start, else with the publisher.
     */
    public TexlinkPublisher(TrialSpec spec, FrameDescriptor descriptor, Supplier<FrameAllocator> allocator,
                            FrameWriter writer) {
        this.writer = writer;
        Cell cell = spec.cell();
        TexlinkServer created = null;
        try {
            created = TexlinkServer.create(ServerOptions.builderForSocket(spec.socketPath(), descriptor)
                    .buffering(Buffering.ofCount(cell.buffers()))
                    .maxClients(Math.max(16, cell.consumers()))
                    .registry(null)
                    .allocator(allocator)
                    .build());
            created.start();
        } catch (RuntimeException e) {
            try {
                if (created != null) {
                    created.close();
                }
            } finally {
                writer.close();
            }
            throw e;
        }
        server = created;
    }

    @Override
    public void awaitConsumers(int consumers, long timeoutNanos) {
        Await.orFail(() -> server.clientCount() >= consumers, timeoutNanos, consumers + " texlink consumers");
    }

    @Override
    public boolean tryPublish(long frameId, int phase) {
        WritableFrame frame = server.tryBeginFrame();
        if (frame == null) {
            return false;
        }
        writer.write(frame, frameId, phase);
        server.endFrame(frame);
        return true;
    }

    @Override
    public void awaitConsumersGone(long timeoutNanos) {
        Await.until(() -> server.clientCount() == 0, timeoutNanos);
    }

    /** Closes the server (its frames and allocator), then the writer. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            writer.close();
        }
    }
}
