package io.texlink.egl;

import io.texlink.Buffering;
import io.texlink.FrameDescriptor;
import io.texlink.ServerListener;
import io.texlink.ServerOptions;
import io.texlink.TexlinkServer;
import io.texlink.WritableFrame;
import io.texlink.pattern.TestPattern;
import io.texlink.transport.PeerIdentity;
import io.texlink.vulkan.ImageTiling;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The producer JVM of the cross-process EGL tests: serves one session of GL frames (an
 * {@link EglFrameAllocator} in a context of its own) and writes the test pattern of each frame id
 * into the GL texture or buffer.
 *
 * <p>Arguments: socket, shape (as {@link EglTestSupport#shape} reads it), tiling, frames, milliseconds
 * between frames. Prints the EGL capabilities, {@code READY <sync handle> <handle> <sync mode>
 * <descriptor>} once listening, {@code PUBLISHED n} after the last frame, and at the end
 * {@code CLEAN gl=<objects left> vulkan=<objects left>}; exits 0 only when the consumer came and
 * went, every frame id was as expected and nothing was left alive.
 */
public final class EglProducerMain {
    private EglProducerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path socket = Path.of(args[0]);
        FrameDescriptor shape = EglTestSupport.shape(args[1]);
        ImageTiling tiling = ImageTiling.valueOf(args[2]);
        int frames = Integer.parseInt(args[3]);
        long paceMillis = Long.parseLong(args[4]);

        EglContext context = EglContext.create();
        System.out.println("EGL capabilities: " + context.capabilities().report());
        AtomicInteger departed = new AtomicInteger();
        EglFrameAllocator[] made = new EglFrameAllocator[1];
        boolean idsRight = true;
        ServerOptions options = ServerOptions.builderForSocket(socket, shape).registry(null).buffering(Buffering.TRIPLE)
                .allocator(() -> made[0] = EglFrameAllocator.builder(context).tiling(tiling).build())
                .listener(new ServerListener() {
                    @Override
                    public void clientDisconnected(PeerIdentity peer, String reason) {
                        departed.incrementAndGet();
                    }
                })
                .build();
        try (TexlinkServer server = TexlinkServer.create(options); Arena arena = Arena.ofConfined()) {
            server.start();
            System.out.println("READY " + server.meta().syncHandleType() + " " + server.meta().handleType() + " "
                    + made[0].syncMode() + " " + server.meta().descriptor());
            awaitUntil(() -> server.clientCount() > 0 || departed.get() > 0);
            TestPattern pattern = null;
            MemorySegment contents = null;
            for (long id = 1; id <= frames; ) {
                WritableFrame frame = server.tryBeginFrame();
                if (frame == null) {
                    Thread.onSpinWait();
                    continue;
                }
                EglTestSupport.HostAccess gl = EglTestSupport.hostAccess(frame.buffer());
                if (pattern == null) {
                    pattern = new TestPattern(gl.hostShape());
                    contents = arena.allocate(gl.hostSize());
                }
                pattern.fill(contents, id);
                gl.upload(contents);
                long published = server.endFrame(frame);
                if (published != id) {
                    System.out.println("WRONG frame id " + published + ", expected " + id);
                    idsRight = false;
                }
                id++;
                Thread.sleep(paceMillis);
            }
            System.out.println("PUBLISHED " + frames);
            awaitUntil(() -> departed.get() > 0);
        }
        // The server closed the frames and the allocator, and the allocator its Vulkan context, whose ledger stays readable.
        int vulkanLeft = made[0].vulkanContext() == null ? 0 : made[0].vulkanContext().liveObjectCount();
        int glLeft = context.liveObjectCount();
        context.close();
        System.out.println("CLEAN gl=" + glLeft + " vulkan=" + vulkanLeft);
        System.exit(glLeft == 0 && vulkanLeft == 0 && idsRight && departed.get() > 0 ? 0 : 3);
    }

    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
