package io.texlink.bench;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Offers the 24-byte header on {@code aeron:ipc} through a media driver embedded in the producer
 * JVM. The driver runs one shared thread that backs off when idle: on IPC it only does
 * housekeeping (the consumer reads the publication's log buffer directly), and a spinning driver
 * would take a core from the two this suite shares.
 */
final class AeronPublisher implements Publisher {
    /** The channel and stream both sides use. */
    static final String CHANNEL = "aeron:ipc?term-length=64k";
    static final int STREAM = 1001;

    private final MediaDriver driver;
    private final Aeron aeron;
    private final ExclusivePublication publication;
    private final ByteBuffer message = ByteBuffer.allocateDirect(FrameHeader.SIZE);
    private final MemorySegment header = MemorySegment.ofBuffer(message);
    private final UnsafeBuffer buffer = new UnsafeBuffer(message);

    AeronPublisher(TrialSpec spec) {
        driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(spec.aeronDirectory().toString())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy())
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(spec.aeronDirectory().toString()));
        publication = aeron.addExclusivePublication(CHANNEL, STREAM);
    }

    @Override
    public void awaitConsumers(int consumers, long timeoutNanos) {
        Await.orFail(publication::isConnected, timeoutNanos, "an Aeron subscriber");
    }

    @Override
    public boolean tryPublish(long frameId, int phase) {
        FrameHeader.write(header, System.nanoTime(), frameId, phase, 0);
        return publication.offer(buffer, 0, FrameHeader.SIZE) > 0;
    }

    @Override
    public void awaitConsumersGone(long timeoutNanos) {
        Await.until(() -> !publication.isConnected(), timeoutNanos);
    }

    @Override
    public void close() {
        CloseHelper.closeAll(publication, aeron, driver);
    }
}
