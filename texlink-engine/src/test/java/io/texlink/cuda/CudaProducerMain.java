package io.texlink.cuda;

import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.PixelFormat;
import io.texlink.WritableFrame;
import io.texlink.backend.FrameAllocator;
import io.texlink.testing.HostAccess;
import io.texlink.testing.PatternProducer;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
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
     * Serves the session {@code args[0..8]} describe ({@link PatternProducer#serve}): waits for a
     * consumer, publishes frames 1 to {@code frames} with the test pattern uploaded by CUDA into
     * each {@link CudaFrame} after {@code beforeWrite}, and waits for the consumer to leave.
     *
     * @return whether a consumer came and went and every published id was as expected
     */
    static boolean serve(String[] args, int frames, Supplier<FrameAllocator> allocator, Consumer<WritableFrame> beforeWrite)
            throws InterruptedException {
        System.out.println("CUDA " + CudaAvailability.check().reason());
        FrameDescriptor requested = new FrameDescriptor(FrameType.valueOf(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), PixelFormat.valueOf(args[6]),
                Long.parseLong(args[7]), Long.parseLong(args[8]));
        AtomicBoolean first = new AtomicBoolean(true);
        boolean served = PatternProducer.serve(Path.of(args[0]), requested, allocator, server -> String.valueOf(server.meta()),
                frame -> {
                    CudaFrame cuda = (CudaFrame) frame.buffer();
                    if (first.getAndSet(false)) {
                        System.out.println("FRAME " + cuda + " on " + cuda.context().device() + ", host layout "
                                + cuda.hostDescriptor());
                    }
                    beforeWrite.accept(frame);
                    return HostAccess.of(cuda.hostDescriptor(), cuda::upload, cuda::download);
                }, frames, 0);
        System.out.println("CLEAN");
        return served;
    }
}
