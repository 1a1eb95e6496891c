package io.texlink.containers;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Containers sharing what one texlink session needs across container boundaries, as the containers
 * of a Kubernetes pod do: a holder container that only sleeps owns an IPC namespace, whose
 * {@code /dev/shm} holds the producers' control blocks, and a PID namespace, so that the pids in
 * the name registry mean the same process in every member. Members join both namespaces, share one
 * host directory at {@code /tmp/texlink} (sockets and registry), get the host's JDK read-only at
 * {@code /opt/java} and the texlink jars and {@code config/} read-only, and have no network at all
 * (mode {@code none}). Producers and consumers can then stop and start independently; only the
 * holder must outlive them.
 *
 * <p>Names are unique per pod, so pods of concurrent test runs do not meet. The pod's work directory
 * ({@code texlink-it-<id>} under the work root) holds the socket directory and, after
 * {@link #close()}, each member's output; close removes the containers.
 */
final class ContainerPod implements AutoCloseable {
    /** The JDK inside members. */
    static final String JAVA = "/opt/java/bin/java";
    /** Where members find the jars: {@code demo-producer-app.jar}, {@code demo-consumer-app.jar}, {@code texlink-cli.jar}. */
    static final String JARS = "/opt/texlink";
    /** Where members find {@code config/}. */
    static final String CONFIG = "/etc/texlink";
    /** The socket directory inside members. */
    static final String SOCKETS = "/tmp/texlink";

    private static final Duration HOLDER_START = Duration.ofSeconds(60);

    private final DockerImageName image;
    private final Artifacts artifacts;
    private final String name;
    private final Path workDirectory;
    private final Path socketDirectory;
    private final GenericContainer<?> holder;
    private final List<GenericContainer<?>> members = new ArrayList<>();

    private ContainerPod(DockerImageName image, Artifacts artifacts, String name, Path workDirectory, GenericContainer<?> holder)
            throws IOException {
        this.image = image;
        this.artifacts = artifacts;
        this.name = name;
        this.workDirectory = workDirectory;
        this.socketDirectory = Files.createDirectories(workDirectory.resolve("sockets"));
        this.holder = holder;
    }

    /**
     * Starts the holder. {@code image} must exist locally (nothing is pulled: no registry is
     * reachable); the calling test fails with what to run when it is missing.
     */
    static ContainerPod start(DockerImageName image, Artifacts artifacts, Path workRoot) throws IOException {
        requireLocalImage(image);
        String name = "texlink-it-" + UUID.randomUUID().toString().substring(0, 8);
        Path workDirectory = Files.createDirectories(workRoot.resolve(name));
        GenericContainer<?> holder = withoutNetwork(image)
                .withCommand("sleep", "infinity")
                .withCreateContainerCmdModifier(cmd -> cmd.withName(name + "-ns").getHostConfig()
                        .withIpcMode("shareable")
                        .withInit(true)) // reaps orphans of the shared PID namespace, and makes the holder stop on SIGTERM
                .waitingFor(Wait.forSuccessfulCommand("true").withStartupTimeout(HOLDER_START));
        holder.start();
        return new ContainerPod(image, artifacts, name, workDirectory, holder);
    }

    /** A member that joins the pod's IPC and PID namespaces; not started yet. */
    GenericContainer<?> member(String role) {
        return container(role, "container:" + holder.getContainerId());
    }

    /**
     * A member that joins the PID namespace and the socket directory but keeps an IPC namespace of
     * its own, so it does not see the pod's {@code /dev/shm}; not started yet.
     */
    GenericContainer<?> memberWithOwnIpc(String role) {
        return container(role, "private");
    }

    private GenericContainer<?> container(String role, String ipcMode) {
        String pid = "container:" + holder.getContainerId();
        // Binds go straight into the create command: given to Testcontainers (withFileSystemBind), they
        // make it first check file mounting with a container of alpine, which no registry here serves.
        List<Bind> binds = List.of(
                readOnly(artifacts.jdk(), "/opt/java"),
                readOnly(artifacts.producerJar(), JARS + "/demo-producer-app.jar"),
                readOnly(artifacts.consumerJar(), JARS + "/demo-consumer-app.jar"),
                readOnly(artifacts.cliJar(), JARS + "/texlink-cli.jar"),
                readOnly(artifacts.config(), CONFIG),
                new Bind(socketDirectory.toString(), new Volume(SOCKETS), AccessMode.rw));
        GenericContainer<?> container = withoutNetwork(image)
                .withCreateContainerCmdModifier(cmd -> cmd.withName(name + "-" + role).getHostConfig()
                        .withBinds(binds)
                        .withIpcMode(ipcMode)
                        .withPidMode(pid));
        members.add(container);
        return container;
    }

    /** A container of the local {@code image} (never pulled) in network mode {@code none}. */
    private static GenericContainer<?> withoutNetwork(DockerImageName image) {
        return new GenericContainer<>(image).withImagePullPolicy(never -> false).withNetworkMode("none");
    }

    private static Bind readOnly(Path host, String inContainer) {
        return new Bind(host.toString(), new Volume(inContainer), AccessMode.ro);
    }

    /** Runs the engine's command line ({@code list}, {@code consume}, ...) in a started member. */
    static ExecResult texlink(GenericContainer<?> member, String... args) throws IOException, InterruptedException {
        return member.execInContainer(Stream.concat(Stream.of(JAVA, "--enable-native-access=ALL-UNNAMED", "-jar",
                JARS + "/texlink-cli.jar"), Stream.of(args)).toArray(String[]::new));
    }

    /** The host directory members see as {@code /tmp/texlink}. */
    Path socketDirectory() {
        return socketDirectory;
    }

    private static void requireLocalImage(DockerImageName image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image.asCanonicalNameString()).exec();
        } catch (NotFoundException e) {
            throw new AssertionError("image " + image.asCanonicalNameString() + " is not on this Docker host and is never pulled:"
                    + " build it with scripts/ci-docker.sh start (as root)", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            for (GenericContainer<?> member : members) {
                if (member.getContainerId() != null) {
                    Files.writeString(workDirectory.resolve(member.getContainerName().substring(1) + ".log"), member.getLogs(),
                            StandardCharsets.UTF_8);
                }
            }
        } finally {
            members.reversed().forEach(GenericContainer::stop);
            holder.stop();
        }
    }
}
