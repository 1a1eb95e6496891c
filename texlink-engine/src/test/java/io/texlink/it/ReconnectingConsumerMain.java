package io.texlink.it;

import io.texlink.AcquiredFrame;
import io.texlink.Backoff;
import io.texlink.ClientOptions;
import io.texlink.ReconnectingClient;
import io.texlink.pattern.TestPattern;
import io.texlink.testing.LeakCounters;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A consumer service that must survive producer crashes: {@code SOCKET}. Prints
 * {@code STATUS frames=<n> errors=<n> connects=<n> state=<s> fds=<n> maps=<n>} every 200 ms.
 */
public final class ReconnectingConsumerMain {
    public static void main(String[] args) {
        ClientOptions options = ClientOptions.builderForSocket(Path.of(args[0])).registry(null)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long frames = 0;
        long errors = 0;
        long nextStatus = System.nanoTime();
        try (ReconnectingClient client = ReconnectingClient.start(options, new Backoff(Duration.ofMillis(20), Duration.ofMillis(300)))) {
            TestPattern pattern = null;
            while (true) {
                AcquiredFrame f = client.tryAcquireFrame(50_000_000L);
                if (f != null) {
                    if (pattern == null) {
                        pattern = new TestPattern(f.descriptor());
                    }
                    if (pattern.verify(f.memory(), f.frameId(), false) != null) {
                        errors++;
                    }
                    client.releaseFrame(f);
                    frames++;
                }
                if (System.nanoTime() >= nextStatus) {
                    System.out.printf("STATUS frames=%d errors=%d connects=%d state=%s fds=%d maps=%d%n", frames, errors,
                            client.connects(), client.state(), LeakCounters.openFds(), LeakCounters.texlinkMappings());
                    nextStatus = System.nanoTime() + 200_000_000L;
                }
            }
        }
    }
}
