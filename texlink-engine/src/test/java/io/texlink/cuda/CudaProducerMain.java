package io.texlink.cuda;

import io.texlink.Buffering;
import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.PixelFormat;
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
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The producer JVM of {@link CudaVmmCrossProcessIT}: serves CUDA VMM frames on a socket and writes
 * the test pattern of each frame id into them with {@code cuMemcpyHtoDAsync}.
 *
 * <p>Arguments: socket, the requested {@link FrameDescriptor}'s components (type, width, height,
 * depth, stride, format, modifier, size; see {@link CudaTestSupport#producerArgs}), frames to
 * publish. Prints {@code READY <meta>} once listening, {@code FRAME <description>} for the first
 * frame, {@code PUBLISHED n} after the last, {@code CLEAN}; exits 0 only when a consumer came and
 * went and every frame id was as expected.
 */
public final class CudaProducerMain {
    private CudaProducerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        boolean right = serve(args, Integer.parseInt(args[9]), () -> CudaFrameAllocator.builder().build(), frame -> {
        });
        System.exit(right ? 0 : 3);
    }

    /**
     * Serves the session {@code args[0..8]} describe (triple-buffered), waits for a consumer,
     * publishes frames 1 to {@code frames} with the test pattern uploaded by CUDA into each
     * {@link CudaFrame} after {@code beforeWrite}, and waits for the consumer to leave.
     *
     * @return whether a consumer came and went and every published id was as expected
     */
    static boolean serve(String[] args, int frames, Supplier<FrameAllocator> allocator, Consumer<WritableFrame> beforeWrite)
            throws InterruptedException {
        System.out.println("CUDA " + CudaAvailability.check().reason());
        FrameDescriptor requested = new FrameDescriptor(FrameType.valueOf(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), PixelFormat.valueOf(args[6]),
                Long.parseLong(args[7]), Long.parseLong(args[8]));
        AtomicInteger departed = new AtomicInteger();
        ServerOptions options = ServerOptions.builderForSocket(Path.of(args[0]), requested).registry(null)
                .buffering(Buffering.TRIPLE).allocator(allocator)
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
            System.out.println("READY " + server.meta());
            awaitUntil(() -> server.clientCount() > 0 || departed.get() > 0);
            TestPattern pattern = null;
            MemorySegment contents = null;
            for (long id = 1; id <= frames; ) {
                WritableFrame frame = server.tryBeginFrame();
                if (frame == null) {
                    Thread.onSpinWait();
                    continue;
                }
                CudaFrame cuda = (CudaFrame) frame.buffer();
                if (pattern == null) {
                    System.out.println("FRAME " + cuda + " on " + cuda.context().device() + ", host layout " + cuda.hostDescriptor());
                    pattern = new TestPattern(cuda.hostDescriptor());
                    contents = arena.allocate(cuda.hostDescriptor().size());
                }
                beforeWrite.accept(frame);
                pattern.fill(contents, id);
                cuda.upload(contents);
                long published = server.endFrame(frame);
                if (published != id) {
                    System.out.println("WRONG frame id " + published + ", expected " + id);
                    idsRight = false;
                }
                id++;
            }
            System.out.println("PUBLISHED " + frames);
            awaitUntil(() -> departed.get() > 0);
        }
        System.out.println("CLEAN");
        return idsRight && departed.get() > 0;
    }

    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
