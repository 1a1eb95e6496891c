package io.texlink.vulkan;

import io.texlink.Backend;
import io.texlink.Buffering;
import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.HandleType;
import io.texlink.PixelFormat;
import io.texlink.ServerListener;
import io.texlink.ServerOptions;
import io.texlink.TexlinkServer;
import io.texlink.WritableFrame;
import io.texlink.backend.DeviceIdentity;
import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.FrameAllocator;
import io.texlink.pattern.TestPattern;
import io.texlink.transport.PeerIdentity;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The producer JVM of the cross-process Vulkan tests: serves one session of Vulkan frames on a
 * socket and writes the test pattern of each frame id into it on the GPU.
 *
 * <p>Arguments: socket, shape ({@code 2d:WxH:FORMAT}, {@code 3d:WxHxD:FORMAT},
 * {@code cube:EDGE:FORMAT}, or {@code FRAME_TYPE:BYTES} for buffers), tiling, sync mode, frames,
 * milliseconds between frames (0: as fast as buffers come free), and {@code own} or
 * {@code elsewhere} (claim another GPU's identity, for the refusal test).
 *
 * <p>Prints {@code READY <sync handle> <handle> <descriptor>} once listening, {@code PUBLISHED n}
 * after the last frame, and at the end {@code CLEAN live=<objects left> validation=<errors>};
 * exits 0 only when the consumer came and went, every frame id was as expected, nothing was left
 * alive and the validation layer (where installed) reported no error.
 */
public final class VulkanProducerMain {
    private VulkanProducerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path socket = Path.of(args[0]);
        FrameDescriptor shape = parseShape(args[1]);
        ImageTiling tiling = ImageTiling.valueOf(args[2]);
        VulkanFrameAllocator.SyncMode sync = VulkanFrameAllocator.SyncMode.valueOf(args[3]);
        int frames = Integer.parseInt(args[4]);
        long paceMillis = Long.parseLong(args[5]);
        boolean claimElsewhere = args[6].equals("elsewhere");

        VulkanContext context = VulkanContext.create(VulkanTestSupport.options());
        AtomicInteger departed = new AtomicInteger();
        boolean idsRight = true;
        ServerOptions options = ServerOptions.builderForSocket(socket, shape).registry(null).buffering(Buffering.TRIPLE)
                .allocator(() -> {
                    VulkanFrameAllocator allocator = VulkanFrameAllocator.builder(context).tiling(tiling).sync(sync).build();
                    return claimElsewhere ? new ElsewhereClaim(allocator) : allocator;
                })
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
                    + server.meta().descriptor());
            awaitUntil(() -> server.clientCount() > 0 || departed.get() > 0);
            TestPattern pattern = null;
            MemorySegment contents = null;
            for (long id = 1; id <= frames; ) {
                WritableFrame frame = server.tryBeginFrame();
                if (frame == null) {
                    Thread.onSpinWait();
                    continue;
                }
                VulkanFrame gpu = (VulkanFrame) frame.buffer();
                if (pattern == null) {
                    pattern = new TestPattern(gpu instanceof VulkanImage image ? image.hostDescriptor() : gpu.descriptor());
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
        int live = context.liveObjectCount();
        context.close();
        List<String> errors = context.validationErrors();
        System.out.println("CLEAN live=" + live + " validation=" + errors.size());
        errors.forEach(e -> System.out.println("VALIDATION " + e));
        System.exit(live == 0 && errors.isEmpty() && idsRight && departed.get() > 0 ? 0 : 3);
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    static FrameDescriptor parseShape(String text) {
        String[] part = text.split(":");
        return switch (part[0]) {
            case "2d" -> {
                String[] size = part[1].split("x");
                yield FrameDescriptor.texture2d(Integer.parseInt(size[0]), Integer.parseInt(size[1]), PixelFormat.valueOf(part[2]));
            }
            case "3d" -> {
                String[] size = part[1].split("x");
                yield FrameDescriptor.texture3d(Integer.parseInt(size[0]), Integer.parseInt(size[1]),
                        Integer.parseInt(size[2]), PixelFormat.valueOf(part[2]));
            }
            case "cube" -> FrameDescriptor.textureCube(Integer.parseInt(part[1]), PixelFormat.valueOf(part[2]));
            default -> FrameDescriptor.buffer(FrameType.valueOf(part[0]), Long.parseLong(part[1]));
        };
    }

    /** A Vulkan allocator that claims to be on another GPU: what a consumer on the wrong device sees. */
    private record ElsewhereClaim(VulkanFrameAllocator real) implements FrameAllocator {
        @Override
        public Backend backend() {
            return real.backend();
        }

        @Override
        public HandleType handleType() {
            return real.handleType();
        }

        @Override
        public HandleType syncHandleType() {
            return real.syncHandleType();
        }

        @Override
        public int syncDescriptor() {
            return real.syncDescriptor();
        }

        @Override
        public Optional<DeviceIdentity> deviceIdentity() {
            byte[] uuid = real.context().identity().deviceUuid();
            uuid[15] ^= 0x55;
            return Optional.of(new DeviceIdentity(uuid, real.context().identity().driverUuid()));
        }

        @Override
        public ExportedBuffer allocate(int index, FrameDescriptor requested) {
            return real.allocate(index, requested);
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
