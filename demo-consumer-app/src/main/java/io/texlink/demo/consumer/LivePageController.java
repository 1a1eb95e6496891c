package io.texlink.demo.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.texlink.ReconnectingClient;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the live page at {@code /} (static/index.html) polls: the newest frame as a PNG, the
 * consumer's numbers and the last minute's frame rate and latency as JSON. The session's health
 * comes from {@code /actuator/health}.
 */
@RestController
public class LivePageController {
    private final LatestFrame latest;
    private final FrameVerifier verifier;
    private final FrameHistory history;
    private final ReconnectingClient client;
    private final MeterRegistry registry;

    public LivePageController(LatestFrame latest, FrameVerifier verifier, FrameHistory history, ReconnectingClient client,
                              MeterRegistry registry) {
        this.latest = latest;
        this.verifier = verifier;
        this.history = history;
        this.client = client;
        this.registry = registry;
    }

    /** The newest frame, scaled to at most 640 pixels wide; 204 before the first frame. */
    @GetMapping("/frame.png")
    public ResponseEntity<byte[]> frame() throws IOException {
        var snapshot = latest.snapshot();
        if (snapshot.isEmpty()) {
            return ResponseEntity.noContent().build();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(snapshot.get().image(), "png", png);
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore())
                .header("X-Frame-Id", Long.toString(snapshot.get().frameId())).body(png.toByteArray());
    }

    /** Session, frame id, frames in the last whole second, latency (ms) and the verification counts. */
    @GetMapping("/status")
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("session", client.options().name());
        status.put("state", client.state().name());
        latest.snapshot().ifPresent(s -> {
            status.put("frameId", s.frameId());
            status.put("latencyMs", s.latencyNanos() < 0 ? null : s.latencyNanos() / 1e6);
        });
        status.put("fps", history.framesPerSecond());
        Timer latency = registry.find("texlink.frame.latency").timer();
        if (latency != null) {
            for (ValueAtPercentile p : latency.takeSnapshot().percentileValues()) {
                status.put("latencyP" + Math.round(p.percentile() * 100) + "Ms", p.value(TimeUnit.MILLISECONDS));
            }
        }
        status.put("framesVerified", verifier.verifiedCount());
        status.put("frameErrors", verifier.errorCount());
        status.put("lastError", verifier.lastError());
        return status;
    }

    /** The last minute, second by second, oldest first: frames, and p50 and p99 latency in ms (null without timestamps). */
    @GetMapping("/history")
    public List<FrameHistory.Second> history() {
        return history.lastMinute();
    }
}
