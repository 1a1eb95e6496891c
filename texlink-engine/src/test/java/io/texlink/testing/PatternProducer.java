package io.texlink.testing;

import io.texlink.Buffering;
import io.texlink.FrameDescriptor;
import io.texlink.ServerListener;
import io.texlink.ServerOptions;
import io.texlink.TexlinkServer;
import io.texlink.WritableFrame;
import io.texlink.backend.FrameAllocator;
import io.texlink.pattern.TestPattern;
import io.texlink.transport.PeerIdentity;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The producer JVMs of the cross-process GPU tests: serve one triple-buffered session on a socket,
 * wait for a consumer, publish frames 1 to n with the test pattern of each frame id written into
 * the frame, and wait for the consumer to leave.
 */
public final class PatternProducer {
    private static final long WAIT_NANOS = 60_000_000_000L;

    private PatternProducer() {
    }

    /**
     * Serves {@code shape} frames from {@code allocator} at {@code socket}. Prints
     * {@code READY <ready(server)>} once listening, {@code WRONG frame id ...} for a published id
     * that is not the next one, and {@code PUBLISHED <frames>} after the last frame.
     *
     * @param access     how the pattern gets into a frame about to be written (called once a frame)
     * @param paceMillis pause after each frame; 0: as fast as buffers come free
     * @return whether a consumer came and went and every published id was as expected
     */
    public static boolean serve(Path socket, FrameDescriptor shape, Supplier<FrameAllocator> allocator,
                                Function<TexlinkServer, String> ready, Function<WritableFrame, HostAccess> access,
                                int frames, long paceMillis) throws InterruptedException {
        AtomicInteger departed = new AtomicInteger();
        ServerOptions options = ServerOptions.builderForSocket(socket, shape).registry(null).buffering(Buffering.TRIPLE)
                .allocator(allocator)
                .listener(new ServerListener() {
                    @Override
                    public void clientDisconnected(PeerIdentity peer, String reason) {
                        departed.incrementAndGet();
                    }
                })
                .build();
        boolean idsRight = true;
        try (TexlinkServer server = TexlinkServer.create(options); Arena arena = Arena.ofConfined()) {
            server.start();
            System.out.println("READY " + ready.apply(server));
            awaitUntil(() -> server.clientCount() > 0 || departed.get() > 0);
            TestPattern pattern = null;
            MemorySegment contents = null;
            for (long id = 1; id <= frames; ) {
                WritableFrame frame = server.tryBeginFrame();
                if (frame == null) {
                    Thread.onSpinWait();
                    continue;
                }
                HostAccess gpu = access.apply(frame);
                if (pattern == null) {
                    pattern = new TestPattern(gpu.hostShape());
                    contents = arena.allocate(gpu.hostSize());
                }
                pattern.fill(contents, id);
                gpu.upload(contents);
                long published = server.endFrame(frame);
                if (published != id) {
                    System.out.println("WRONG frame id " + published + ", expected " + id);
                    idsRight = false;
                }
                id++;
                if (paceMillis > 0) {
                    Thread.sleep(paceMillis);
                }
            }
            System.out.println("PUBLISHED " + frames);
            awaitUntil(() -> departed.get() > 0);
        }
        return idsRight && departed.get() > 0;
    }

    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
