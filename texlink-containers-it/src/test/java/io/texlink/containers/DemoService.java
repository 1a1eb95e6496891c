package io.texlink.containers;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import java.io.IOException;
import java.time.Duration;

/**
 * One demo application in its own pod member, started as an operator would:
 * {@code java -jar} of the repackaged jar with the operator's YAML from {@code config/}.
 *
 * <p>Members have no network, so nothing on the host can reach the application's HTTP port. The
 * test asks from inside instead: {@code docker exec} runs bash, whose {@code /dev/tcp} opens a
 * connection on the container's own loopback (the minimal image has no curl).
 */
final class DemoService {
    /**
     * Bash: GET path {@code $1} from port {@code $0} and print the whole reply. HTTP/1.0, so the
     * server closes the connection after the reply; exit 7 when nothing listens.
     */
    private static final String HTTP_GET = """
            exec 3<>/dev/tcp/127.0.0.1/"$0" || exit 7
            printf 'GET %s HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' "$1" >&3
            cat <&3""";

    private final int port;
    private final GenericContainer<?> container;

    private DemoService(int port, GenericContainer<?> container) {
        this.port = port;
        this.container = container;
    }

    /** Starts the demo producer in {@code member}; returns once Spring Boot reports it started. */
    static DemoService startProducer(GenericContainer<?> member, Duration timeout) {
        return start(member, "producer", 8081, timeout); // the port config/demo-producer.yaml sets
    }

    /** Starts the demo consumer in {@code member}; returns once Spring Boot reports it started. */
    static DemoService startConsumer(GenericContainer<?> member, Duration timeout) {
        return start(member, "consumer", 8080, timeout); // the port config/demo-consumer.yaml sets
    }

    private static DemoService start(GenericContainer<?> member, String app, int port, Duration timeout) {
        member.withCommand(ContainerPod.JAVA, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                        "-jar", ContainerPod.JARS + "/demo-" + app + "-app.jar",
                        "--spring.config.additional-location=file:" + ContainerPod.CONFIG + "/demo-" + app + ".yaml")
                .waitingFor(Wait.forLogMessage(".*Started Demo\\w+Application in .*\\n", 1).withStartupTimeout(timeout));
        member.start();
        return new DemoService(port, member);
    }

    /** A reply to a GET on the application's port, asked from inside its container. */
    record Reply(int status, String body) {
    }

    /** GET {@code path}; status 0 when nothing listens (the application stopped). */
    Reply get(String path) throws IOException, InterruptedException {
        ExecResult result = container.execInContainer("bash", "-c", HTTP_GET, String.valueOf(port), path);
        String out = result.getStdout();
        int headerEnd = out.indexOf("\r\n\r\n");
        if (result.getExitCode() != 0 || !out.startsWith("HTTP/") || headerEnd < 0) {
            return new Reply(0, out + result.getStderr());
        }
        return new Reply(Integer.parseInt(out.substring(9, 12)), out.substring(headerEnd + 4));
    }

    /** The sum of a Prometheus metric over its series from {@code /actuator/prometheus}; 0 before it has any. */
    double metric(String name) throws IOException, InterruptedException {
        double sum = 0;
        for (String line : get("/actuator/prometheus").body().split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The actuator's health document. */
    String health() throws IOException, InterruptedException {
        return get("/actuator/health").body();
    }

    /** Runs a bash script in this container. */
    ExecResult shell(String script) throws IOException, InterruptedException {
        return container.execInContainer("bash", "-c", script);
    }

    /** Runs the engine's command line ({@code list}, {@code consume}, ...) in this container. */
    ExecResult texlink(String... args) throws IOException, InterruptedException {
        return ContainerPod.texlink(container, args);
    }

    /** SIGKILL, as a crash or an OOM kill ends the container: nothing gets to clean up. */
    void kill() {
        docker().killContainerCmd(container.getContainerId()).exec();
    }

    /** {@code docker stop}: SIGTERM, SIGKILL after {@code timeout}; returns the exit code. */
    long stop(Duration timeout) {
        docker().stopContainerCmd(container.getContainerId()).withTimeout((int) timeout.toSeconds()).exec();
        return docker().inspectContainerCmd(container.getContainerId()).exec().getState().getExitCodeLong();
    }

    /** When the container last started, as Docker records it: unchanged while it was not restarted. */
    String startedAt() {
        return docker().inspectContainerCmd(container.getContainerId()).exec().getState().getStartedAt();
    }

    /** Everything the application logged so far, for failure messages. */
    String logs() {
        return container.getContainerName().substring(1) + " logged:\n" + container.getLogs();
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }
}
