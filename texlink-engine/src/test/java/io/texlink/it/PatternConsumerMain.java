package io.texlink.it;

import io.texlink.AcquiredFrame;
import io.texlink.ClientOptions;
import io.texlink.TexlinkClient;
import io.texlink.pattern.TestPattern;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * A consumer in its own JVM for cross-process tests: {@code SOCKET FRAMES [hold]}.
 * Verifies FRAMES frames (pattern, increasing ids) and prints {@code OK <frames> <dropped>} or
 * {@code BAD <reason>} (exit 1). With {@code hold} it acquires one frame, prints
 * {@code HOLDING <id> <index>} and keeps it until killed. {@code -Dtexlink.trust=UID} trusts a
 * producer of another uid.
 */
public final class PatternConsumerMain {
    public static void main(String[] args) throws InterruptedException {
        int frames = Integer.parseInt(args[1]);
        boolean hold = args.length > 2 && args[2].equals("hold");
        ClientOptions options = ClientOptions.builderForSocket(Path.of(args[0])).registry(null)
                .connectTimeout(Duration.ofSeconds(20))
                .trustedProducerUids(Integer.getInteger("texlink.trust") == null ? Set.of() : Set.of(Integer.getInteger("texlink.trust")))
                .build();
        try (TexlinkClient client = TexlinkClient.connect(options)) {
            TestPattern pattern = new TestPattern(client.meta().descriptor());
            long lastId = 0;
            for (int n = 0; n < frames; n++) {
                AcquiredFrame f = client.tryAcquireFrame(Duration.ofSeconds(20).toNanos());
                if (f == null) {
                    System.out.println("BAD no frame within 20 s after " + n + " frames");
                    System.exit(1);
                }
                String wrong = f.frameId() <= lastId ? "id " + f.frameId() + " after " + lastId
                        : pattern.verify(f.memory(), f.frameId(), true);
                if (wrong != null) {
                    System.out.println("BAD " + wrong);
                    System.exit(1);
                }
                lastId = f.frameId();
                if (hold) {
                    System.out.println("HOLDING " + f.frameId() + " " + f.index());
                    Thread.sleep(Long.MAX_VALUE);
                }
                client.releaseFrame(f);
            }
            System.out.println("OK " + frames + " " + client.stats().framesDropped());
        }
    }
}
