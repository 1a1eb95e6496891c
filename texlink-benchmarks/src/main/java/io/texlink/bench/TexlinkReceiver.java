package io.texlink.bench;

import io.texlink.AcquiredFrame;
import io.texlink.ClientOptions;
import io.texlink.TexlinkClient;
import io.texlink.WaitStrategy;

import java.time.Duration;

/** Acquires the newest frame with a {@link TexlinkClient}, reads its header in place, releases it. */
final class TexlinkReceiver extends Receiver {
    private final TexlinkClient client;

    TexlinkReceiver(TrialSpec spec, WaitStrategy waitStrategy) {
        client = TexlinkClient.connect(ClientOptions.builderForSocket(spec.socketPath())
                .registry(null)
                .connectTimeout(Duration.ofSeconds(60))
                .waitStrategy(waitStrategy)
                .build());
    }

    @Override
    boolean receive(long timeoutNanos) {
        AcquiredFrame frame = client.tryAcquireFrame(timeoutNanos);
        if (frame == null) {
            return false;
        }
        received(frame.latencyNanos(), FrameHeader.phase(frame.memory()));
        client.releaseFrame(frame);
        return true;
    }

    @Override
    long skippedFrames() {
        return client.stats().framesDropped();
    }

    @Override
    public void close() {
        client.close();
    }
}
