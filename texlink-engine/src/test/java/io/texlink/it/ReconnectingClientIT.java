package io.texlink.it;

import io.texlink.AcquiredFrame;
import io.texlink.Backoff;
import io.texlink.ClientOptions;
import io.texlink.ConnectionState;
import io.texlink.ReconnectingClient;
import io.texlink.pattern.TestPattern;
import io.texlink.testing.SecondJvm;
import io.texlink.testing.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** A consumer service outlives its producer: it waits, reconnects and resumes by itself. */
class ReconnectingClientIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void resumesAfterTheProducerIsKilledAndRestarted() {
        Path socket = Sessions.uniqueSocket(dir);
        ClientOptions options = ClientOptions.builderForSocket(socket).registry(null).connectTimeout(Duration.ofSeconds(1)).build();
        try (ReconnectingClient client = ReconnectingClient.start(options, new Backoff(Duration.ofMillis(50), Duration.ofMillis(400)))) {
            assertThat(client.tryAcquireFrame(200_000_000)).as("no producer yet").isNull();
            assertThat(client.state()).isEqualTo(ConnectionState.CONNECTING);

            try (SecondJvm first = SecondJvm.start(PatternProducerMain.class, socket.toString(), "160", "120", "3", "200")) {
                first.awaitLineStartingWith("READY", WAIT);
                receiveVerifiedFrames(client, 10);
                first.kill();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (client.state() == ConnectionState.CONNECTED && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            assertThat(client.state()).isEqualTo(ConnectionState.CONNECTING);
            assertThat(client.lastError()).contains("closed the connection");

            try (SecondJvm second = SecondJvm.start(PatternProducerMain.class, socket.toString(), "160", "120", "3", "200")) {
                second.awaitLineStartingWith("READY", WAIT);
                receiveVerifiedFrames(client, 10);
                assertThat(client.connects()).isEqualTo(2);
                assertThat(client.stats().framesAcquired()).isGreaterThanOrEqualTo(20);
            }
        }
    }

    private static void receiveVerifiedFrames(ReconnectingClient client, int count) {
        TestPattern pattern = null;
        for (int n = 0; n < count; n++) {
            AcquiredFrame f = client.tryAcquireFrame(WAIT.toNanos());
            assertThat(f).as("frame %d of %d", n, count).isNotNull();
            if (pattern == null) {
                pattern = new TestPattern(f.descriptor());
            }
            assertThat(pattern.verify(f.memory(), f.frameId(), true)).isNull();
            client.releaseFrame(f);
        }
    }
}
