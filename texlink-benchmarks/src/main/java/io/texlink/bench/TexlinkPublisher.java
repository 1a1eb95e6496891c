package io.texlink.bench;

import io.texlink.Buffering;
import io.texlink.ServerOptions;
import io.texlink.TexlinkServer;
import io.texlink.WritableFrame;

/** Publishes frames with a {@link TexlinkServer}; the header goes into the shared buffer itself. */
final class TexlinkPublisher implements Publisher {
    private final TexlinkServer server;

    TexlinkPublisher(TrialSpec spec) {
        Cell cell = spec.cell();
        server = TexlinkServer.create(ServerOptions.builderForSocket(spec.socketPath(), cell.size().descriptor())
                .buffering(Buffering.ofCount(cell.buffers()))
                .maxClients(Math.max(16, cell.consumers()))
                .registry(null)
                .build());
        server.start();
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
        // endFrame stamps its own publish time into the control block; the consumer measures from that.
        FrameHeader.write(frame.memory(), System.nanoTime(), frameId, phase, 0);
        server.endFrame(frame);
        return true;
    }

    @Override
    public void awaitConsumersGone(long timeoutNanos) {
        Await.until(() -> server.clientCount() == 0, timeoutNanos);
    }

    @Override
    public void close() {
        server.close();
    }
}
