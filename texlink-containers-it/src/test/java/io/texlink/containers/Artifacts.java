package io.texlink.containers;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the pod's members run, all from this build and bind-mounted read-only: the JDK running the
 * tests (a JDK 25: the base image has no Java), the two demo jars, the engine's command-line jar
 * and {@code config/}.
 */
record Artifacts(Path jdk, Path producerJar, Path consumerJar, Path cliJar, Path config) {

    /** From the system properties the failsafe configuration sets; fails naming a missing file and how to build it. */
    static Artifacts fromSystemProperties() {
        Artifacts a = new Artifacts(Path.of(System.getProperty("java.home")),
                path("demo.producer.jar", "../demo-producer-app/target/demo-producer-app.jar"),
                path("demo.consumer.jar", "../demo-consumer-app/target/demo-consumer-app.jar"),
                path("texlink.cli.jar", "../texlink-engine/target/texlink-engine-0.1.0-SNAPSHOT-cli.jar"),
                path("demo.config", "../config"));
        for (Path p : new Path[] {a.producerJar, a.consumerJar, a.cliJar}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(p + " is missing: run ./mvnw package (the container tests run after the jars are built)");
            }
        }
        if (!Files.isDirectory(a.config)) {
            throw new IllegalStateException("config directory " + a.config + " is missing");
        }
        return a;
    }

    private static Path path(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    }
}
