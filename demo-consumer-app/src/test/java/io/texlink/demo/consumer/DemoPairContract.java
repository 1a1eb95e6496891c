package io.texlink.demo.consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo pair as an operator runs it: both repackaged jars as separate JVMs, talking over a real
 * texlink session, checked only through HTTP. The producer is killed and restarted under the
 * running consumer. Each pair of backends ({@link DemoPairIT}, {@link DemoPairVulkanIT},
 * {@link DemoPairCudaConsumerIT}, {@link DemoPairCudaProducerIT}, {@link DemoPairEglConsumerIT})
 * runs these checks with its own arguments for each app.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DemoPairContract {
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final DemoApp.Launch PRODUCER = DemoApp.Launch.of("demo.producer",
            "../demo-producer-app/target/demo-producer-app.jar", "io.texlink.demo.producer.DemoProducerApplication");
    private static final DemoApp.Launch CONSUMER = DemoApp.Launch.of("demo.consumer", "target/demo-consumer-app.jar",
            "io.texlink.demo.consumer.DemoConsumerApplication"); // a name: failsafe tests the repackaged jar, whose classes are in BOOT-INF
    /** The operator's configuration files from config/, which the apps load as run-demo.sh and systemd do. */
    private static final Path CONFIG = Path.of(System.getProperty("demo.config", "../config")).toAbsolutePath().normalize();
    private static final Path LOGS = Path.of(System.getProperty("demo.logs", "target/it-logs"));

    /** Unique per run: other suites on this machine may run a demo session at the same time. */
    private final String session = "it-" + ProcessHandle.current().pid() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    DemoApp producer;
    DemoApp consumer;
    private String producerUrl;
    private String consumerUrl;

    /**
     * How one app of the pair runs.
     *
     * @param backend   the {@code backend} tag its meters must carry: proof that it runs the backend under test
     * @param arguments what it gets besides the session's (e.g. a profile)
     */
    record App(String backend, List<String> arguments) {
        /** The app with Spring profile {@code profile}, which selects the backend of the same name. */
        static App profile(String profile) {
            return new App(profile, List.of("--spring.profiles.active=" + profile));
        }
    }

    /** The producer's backend and arguments. */
    abstract App producerApp();

    /** The consumer's backend and arguments. */
    abstract App consumerApp();

    /** Log files are named {@code <label><suffix>.log}, so that the pairs' logs stay apart. */
    abstract String logSuffix();

    /** Skips the pair, with the reason, where this machine cannot run its backend; called before anything starts. */
    abstract void assumeBackendAvailable();

    @BeforeAll
    void startBoth() throws Exception {
        assumeBackendAvailable();
        producer = startProducer("producer");
        consumer = start("consumer", CONSUMER, consumerApp(), config("demo-consumer.yaml"),
                "--texlink.clients.demo.name=" + session);
        producerUrl = "http://127.0.0.1:" + producer.awaitPort(STARTUP);
        consumerUrl = "http://127.0.0.1:" + consumer.awaitPort(STARTUP);
    }

    @AfterAll
    void stopBoth() throws Exception {
        if (consumer != null) {
            consumer.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    @Order(1)
    void bothAreHealthyAndVerifiedFramesFlowWithLatency() throws Exception {
        awaitStatus(producerUrl, "UP");
        awaitStatus(consumerUrl, "UP");
        assertThat(get(producerUrl + "/actuator/health").body())
                .contains("\"servers\"").contains("\"session\":\"" + session + "\"").contains("\"state\":\"LISTENING\"");
        assertThat(get(consumerUrl + "/actuator/health").body()).contains("\"state\":\"CONNECTED\"");

        double latencyCount = metric(consumerUrl, "texlink_frame_latency_seconds_count");
        double acquired = metric(consumerUrl, "texlink_frames_acquired_total");
        double published = metric(producerUrl, "texlink_frames_published_total");
        await().atMost(WAIT).until(() -> metric(consumerUrl, "texlink_frame_latency_seconds_count") > latencyCount + 20);
        assertThat(metric(consumerUrl, "texlink_frames_acquired_total")).isGreaterThan(acquired);
        assertThat(metric(producerUrl, "texlink_frames_published_total")).isGreaterThan(published);
        assertThat(metric(producerUrl, "texlink_clients")).isEqualTo(1.0);
        assertThat(get(producerUrl + "/actuator/prometheus").body()).contains("backend=\"" + producerApp().backend() + "\"");
        assertThat(get(consumerUrl + "/actuator/prometheus").body()).contains("backend=\"" + consumerApp().backend() + "\"");
        assertThat(metric(consumerUrl, "texlink_demo_frames_verified_total")).isPositive();
        assertThat(metric(consumerUrl, "texlink_demo_frame_errors_total")).isZero();

        HttpResponse<String> status = get(consumerUrl + "/status");
        assertThat(status.body()).contains("\"session\":\"" + session + "\"").contains("\"frameErrors\":0").contains("\"fps\":");
        String history = get(consumerUrl + "/history").body();
        assertThat(history).as("the last minute, second by second").contains("\"frames\":").contains("\"p99Ms\":")
                .matches(".*\"frames\":[1-9].*");
        HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(consumerUrl + "/frame.png")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(get(consumerUrl + "/").body()).contains("<img id=\"frame\"");
    }

    @Test
    @Order(2)
    void theLivePageShowsAMovingImageAndTheLatencyChartInChromium() throws Exception {
        LivePageScreenshots chromium = LivePageScreenshots.find();
        awaitStatus(consumerUrl, "UP");
        Path first = chromium.capture(consumerUrl + "/", LOGS.resolve("live-page-1" + logSuffix() + ".png"));
        Thread.sleep(1_000);
        Path second = chromium.capture(consumerUrl + "/", LOGS.resolve("live-page-2" + logSuffix() + ".png"));
        LivePageScreenshots.assertFrameAreaChanged(first, second);
        LivePageScreenshots.assertChartDrawn(first);
        LivePageScreenshots.assertChartDrawn(second);
    }

    @Test
    @Order(3)
    void theConsumerGoesDownWithTheProducerAndRecoversWhenItReturns() throws Exception {
        long consumerPid = consumer.pid();
        producer.kill();
        await().atMost(WAIT).until(() -> get(consumerUrl + "/actuator/health").statusCode() == 503);
        String down = get(consumerUrl + "/actuator/health").body();
        assertThat(down).contains("\"status\":\"DOWN\"").contains("not connected to the producer");

        producer = startProducer("producer-restarted");
        producerUrl = "http://127.0.0.1:" + producer.awaitPort(STARTUP);
        awaitStatus(consumerUrl, "UP");
        double verified = metric(consumerUrl, "texlink_demo_frames_verified_total");
        await().atMost(WAIT).until(() -> metric(consumerUrl, "texlink_demo_frames_verified_total") > verified + 20);
        assertThat(metric(consumerUrl, "texlink_demo_frame_errors_total")).isZero();
        assertThat(consumer.pid()).isEqualTo(consumerPid);
        assertThat(consumer.isAlive()).isTrue();
        assertThat(get(consumerUrl + "/actuator/health").body()).contains("\"connects\":2");
    }

    @Test
    @Order(4)
    void sigtermShutsBothDownGracefullyAndRemovesTheSocket() throws Exception {
        Path socket = Path.of("/tmp/texlink", session + ".sock");
        assertThat(Files.exists(socket)).isTrue();
        assertThat(producer.stop(Duration.ofSeconds(30))).as("producer's exit code after SIGTERM").isEqualTo(143);
        assertThat(Files.exists(socket)).as(socket + " after SIGTERM").isFalse();
        assertThat(producer.output()).doesNotContain("Exception");
        assertThat(consumer.stop(Duration.ofSeconds(30))).as("consumer's exit code after SIGTERM").isEqualTo(143);
    }

    private DemoApp startProducer(String label) throws IOException {
        return start(label, PRODUCER, producerApp(), config("demo-producer.yaml"), "--texlink.servers.demo.name=" + session,
                "--texlink.servers.demo.frame.width=320", "--texlink.servers.demo.frame.height=180");
    }

    private DemoApp start(String label, DemoApp.Launch launch, App app, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(app.arguments());
        return DemoApp.start(label + logSuffix(), launch, LOGS, all.toArray(String[]::new));
    }

    private static String config(String file) {
        return "--spring.config.additional-location=file:" + CONFIG.resolve(file);
    }

    private void awaitStatus(String base, String status) {
        await().atMost(WAIT).ignoreExceptions()
                .until(() -> get(base + "/actuator/health").body().endsWith("\"status\":\"" + status + "\"}"));
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The sum of a Prometheus metric over its series; 0 when it has none yet. */
    private double metric(String base, String name) throws IOException, InterruptedException {
        return get(base + "/actuator/prometheus").body().lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
