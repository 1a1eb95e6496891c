package io.texlink.it;

import io.texlink.Buffering;
import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.ServerOptions;
import io.texlink.TexlinkServer;
import io.texlink.WritableFrame;
import io.texlink.pattern.TestPattern;
import io.texlink.registry.NameRegistry;

import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * A producer in its own JVM for cross-process tests: {@code SOCKET WIDTH HEIGHT BUFFERS FPS [REGISTRY]}.
 * Prints READY once listening, then publishes the test pattern until killed (SIGTERM closes it
 * through the shutdown hook; SIGKILL leaves its socket, control block and registry entry behind).
 */
public final class PatternProducerMain {
    public static void main(String[] args) {
        FrameDescriptor d = FrameDescriptor.texture2d(Integer.parseInt(args[1]), Integer.parseInt(args[2]), PixelFormat.ABGR8888);
        ServerOptions options = ServerOptions.builderForSocket(Path.of(args[0]), d)
                .buffering(Buffering.ofCount(Integer.parseInt(args[3])))
                .registry(args.length > 5 ? new NameRegistry(Path.of(args[5])) : null).build();
        long period = (long) (1e9 / Double.parseDouble(args[4]));
        TestPattern pattern = new TestPattern(d);
        try (TexlinkServer server = TexlinkServer.create(options)) {
            server.start();
            System.out.println("READY " + ProcessHandle.current().pid());
            long id = 1;
            while (true) {
                WritableFrame f = server.tryBeginFrame();
                if (f != null) {
                    pattern.fill(f.memory(), id);
                    id = server.endFrame(f) + 1;
                }
                LockSupport.parkNanos(period);
            }
        }
    }
}
