package io.texlink.bench;

import io.texlink.AcquiredFrame;
import io.texlink.ClientOptions;
import io.texlink.TexlinkClient;
import io.texlink.WaitStrategy;
import io.texlink.backend.FrameImporter;
import io.texlink.cpu.CpuFrameImporter;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Acquires the newest frame with a {@link TexlinkClient}, takes it in with a {@link FrameReader}
 * (the CPU methods read the header in place), and releases it.
 */
public final class TexlinkReceiver extends Receiver {
    private final TexlinkClient client;
    private final FrameReader reader;

    /** CPU frames: the header is read in place, and the latency runs from texlink's publish timestamp to the acquire. */
    TexlinkReceiver(TrialSpec spec, WaitStrategy waitStrategy) {
        this(spec, waitStrategy, CpuFrameImporter::new, new HeaderReader());
    }

    /**
     * Connects to the trial's session with {@code importer} for its frames. Takes {@code reader}
     * over: closes it when the connection fails, else with the receiver.
     */
    public TexlinkReceiver(TrialSpec spec, WaitStrategy waitStrategy, Supplier<FrameImporter> importer, FrameReader reader) {
        this.reader = reader;
        try {
            client = TexlinkClient.connect(ClientOptions.builderForSocket(spec.socketPath())
                    .registry(null)
                    .connectTimeout(Duration.ofSeconds(60))
                    .waitStrategy(waitStrategy)
                    .importer(importer)
                    .build());
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    @Override
    boolean receive(long timeoutNanos) {
        AcquiredFrame frame = client.tryAcquireFrame(timeoutNanos);
        if (frame == null) {
            return false;
        }
        long latency = reader.read(frame, System.nanoTime());
        client.releaseFrame(frame);
        received(latency, reader.phase());
        return true;
    }

    @Override
    long skippedFrames() {
        return client.stats().framesDropped();
    }

    /** Closes the reader (its GPU resources may live in the client's context), then the client. */
    @Override
    public void close() {
        try {
            reader.close();
        } finally {
            client.close();
        }
    }

    /** CPU frames: the phase from the header in the frame, the latency as texlink measured it at the acquire. */
    private static final class HeaderReader implements FrameReader {
        private int phase;

        @Override
        public long read(AcquiredFrame frame, long acquiredNanos) {
            phase = FrameHeader.phase(frame.memory());
            return frame.latencyNanos();
        }

        @Override
        public int phase() {
            return phase;
        }
    }
}
