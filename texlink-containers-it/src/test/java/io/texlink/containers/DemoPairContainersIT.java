package io.texlink.containers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo pair deployed as separate containers on one Docker host: the producer and the consumer
 * each in a container of their own, with no network, sharing the socket directory (a bind mount)
 * and the IPC and PID namespaces of a holder container ({@link ContainerPod}). Frames flow and
 * verify; the producer's container is killed and a new one started under the running consumer,
 * which recovers; names resolve through the registry because every member sees the same pids.
 *
 * <p>Needs a Docker daemon and the local base image ({@code scripts/ci-docker.sh start}); skips
 * where no daemon answers.
 */
@EnabledIf(value = "dockerAnswers", disabledReason = "no Docker daemon answers (DOCKER_HOST, /var/run/docker.sock),"
        + " so the demo pair is not tested in containers: start one with scripts/ci-docker.sh start (as root)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoPairContainersIT {
    /** Spring Boot in a container on a loaded 2-core machine: about 30 s seen, while other suites ran. */
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SESSION = "demo";
    private static final Pattern LISTING = Pattern.compile("(?m)^" + SESSION + "\\s+(\\d+)\\s+(alive|dead)\\s+(\\S+)$");

    private ContainerPod pod;
    private DemoService producer;
    private DemoService consumer;

    /** The condition of {@link EnabledIf} on this class. */
    static boolean dockerAnswers() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @BeforeAll
    void startThePair() throws Exception {
        Artifacts artifacts = Artifacts.fromSystemProperties();
        DockerImageName image = DockerImageName.parse(System.getProperty("texlink.containers.image", "texlink-base:bookworm"));
        pod = ContainerPod.start(image, artifacts, Path.of(System.getProperty("texlink.containers.work", "target/containers")));
        producer = DemoService.startProducer(pod.member("producer"), STARTUP);
        consumer = DemoService.startConsumer(pod.member("consumer"), STARTUP);
    }

    @AfterAll
    void removeThePod() throws Exception {
        if (pod != null) {
            pod.close();
        }
    }

    @Test
    @Order(1)
    void framesFlowBetweenTheContainersAndVerify() throws Exception {
        awaitUp(consumer);
        assertThat(consumer.health()).contains("\"state\":\"CONNECTED\"");
        assertThat(producer.health()).contains("\"state\":\"LISTENING\"").contains("\"status\":\"UP\"");

        double verified = consumer.metric("texlink_demo_frames_verified_total");
        double published = producer.metric("texlink_frames_published_total");
        await().atMost(WAIT).until(() -> consumer.metric("texlink_demo_frames_verified_total") > verified + 30);
        assertThat(producer.metric("texlink_frames_published_total")).isGreaterThan(published);
        assertThat(producer.metric("texlink_clients")).isEqualTo(1.0);
        assertThat(consumer.metric("texlink_frame_latency_seconds_count")).as("latency samples across containers").isPositive();
        assertThat(consumer.metric("texlink_demo_frame_errors_total")).as(consumer.logs()).isZero();
        assertThat(pod.socketDirectory().resolve(SESSION + ".sock")).as("the socket in the shared host directory").exists();
    }

    @Test
    @Order(2)
    void theNameResolvesThroughTheRegistryToTheProducersPidAsEveryMemberSeesIt() throws Exception {
        Listing entry = listing(consumer);
        assertThat(entry.alive()).as("registry entry as the consumer's container sees it").isTrue();
        assertThat(entry.socket()).isEqualTo(ContainerPod.SOCKETS + "/" + SESSION + ".sock");
        // The pid is the producer's JVM in the consumer's view: one PID namespace for the pod.
        ExecResult cmdline = consumer.shell("tr '\\0' ' ' < /proc/" + entry.pid() + "/cmdline");
        assertThat(cmdline.getStdout()).contains("demo-producer-app.jar");
    }

    @Test
    @Order(3)
    void theControlBlockIsSharedThroughTheIpcNamespace() throws Exception {
        ExecResult inside = consumer.texlink("consume", "--name", SESSION, "--frames", "5", "--timeout", "20s");
        assertThat(inside.getExitCode()).as(inside.getStdout() + inside.getStderr()).isZero();
        assertThat(inside.getStdout()).contains("0 failed the pattern check");

        GenericContainer<?> outsider = pod.memberWithOwnIpc("outsider").withCommand("sleep", "infinity");
        outsider.start();
        ExecResult outside = ContainerPod.texlink(outsider, "consume", "--name", SESSION, "--frames", "5", "--timeout", "20s");
        assertThat(outside.getExitCode()).as(outside.getStdout() + outside.getStderr()).isEqualTo(3);
        assertThat(outside.getStderr()).contains("cannot open the producer's control block /texlink_" + SESSION);
        outsider.stop();
    }

    @Test
    @Order(4)
    void theConsumerGoesDownWhenTheProducersContainerIsKilledAndRecoversWithANewOne() throws Exception {
        String consumerStarted = consumer.startedAt();
        int oldPid = listing(consumer).pid();
        producer.kill();

        await().atMost(WAIT).until(() -> consumer.get("/actuator/health").status() == 503);
        assertThat(consumer.health()).contains("\"status\":\"DOWN\"").contains("not connected to the producer");
        assertThat(listing(consumer).alive()).as("the killed producer's registry entry").isFalse();
        // What a crash leaves for the next producer to clean up: the socket and the control block.
        assertThat(pod.socketDirectory().resolve(SESSION + ".sock")).exists();
        assertThat(consumer.shell("ls /dev/shm").getStdout()).contains("texlink_" + SESSION);

        producer = DemoService.startProducer(pod.member("producer-2"), STARTUP);
        awaitUp(consumer);
        double verified = consumer.metric("texlink_demo_frames_verified_total");
        await().atMost(WAIT).until(() -> consumer.metric("texlink_demo_frames_verified_total") > verified + 30);
        assertThat(consumer.metric("texlink_demo_frame_errors_total")).as(consumer.logs()).isZero();
        assertThat(consumer.health()).contains("\"connects\":2");
        assertThat(consumer.startedAt()).as("the consumer's container was not restarted").isEqualTo(consumerStarted);
        Listing entry = listing(consumer);
        assertThat(entry.alive()).isTrue();
        assertThat(entry.pid()).isNotEqualTo(oldPid);
    }

    @Test
    @Order(5)
    void dockerStopShutsTheProducerDownCleanly() throws Exception {
        assertThat(producer.stop(Duration.ofSeconds(30))).as("exit code after SIGTERM; " + producer.logs()).isEqualTo(143);
        assertThat(pod.socketDirectory().resolve(SESSION + ".sock")).as("socket after docker stop").doesNotExist();
        assertThat(consumer.shell("ls /dev/shm").getStdout()).doesNotContain("texlink_" + SESSION);
        assertThat(consumer.texlink("list").getStdout()).contains("no sessions in " + ContainerPod.SOCKETS + "/.registry");
        await().atMost(WAIT).until(() -> consumer.get("/actuator/health").status() == 503);
    }

    /** A registry entry as {@code texlink list} prints it. */
    private record Listing(int pid, boolean alive, String socket) {
    }

    /** The session's registry entry as {@code texlink list} in {@code member} reports it. */
    private static Listing listing(DemoService member) throws Exception {
        ExecResult list = member.texlink("list");
        Matcher m = LISTING.matcher(list.getStdout());
        assertThat(m.find()).as("an entry for " + SESSION + " in:\n" + list.getStdout() + list.getStderr()).isTrue();
        return new Listing(Integer.parseInt(m.group(1)), m.group(2).equals("alive"), m.group(3));
    }

    private static void awaitUp(DemoService service) {
        await().atMost(WAIT).ignoreExceptions().until(() -> service.get("/actuator/health").status() == 200);
    }
}
