package io.texlink.bench;

import java.nio.file.Path;

/**
 * What the producer and consumer JVMs of one trial are told on their command line: the cell, how
 * long to warm up and to measure, and a private path prefix for the trial's socket, shared-memory
 * file and Aeron directory (concurrent test suites on the machine never collide with it).
 */
public record TrialSpec(Cell cell, long warmupNanos, long measureNanos, Path endpoint) {

    static TrialSpec parse(String[] args) {
        if (args.length != 8) {
            throw new IllegalArgumentException("expected METHOD SIZE RATE CONSUMERS BUFFERS WARMUP_NS MEASURE_NS ENDPOINT, got "
                    + String.join(" ", args));
        }
        Cell cell = new Cell(Method.valueOf(args[0]), FrameSize.valueOf(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        return new TrialSpec(cell, Long.parseLong(args[5]), Long.parseLong(args[6]), Path.of(args[7]));
    }

    String[] toArgs() {
        return new String[]{cell.method().name(), cell.size().name(), Integer.toString(cell.rate()),
                Integer.toString(cell.consumers()), Integer.toString(cell.buffers()), Long.toString(warmupNanos),
                Long.toString(measureNanos), endpoint.toString()};
    }

    /** The socket of the trial's session (texlink) or connection (socket baselines). */
    public Path socketPath() {
        return sibling(".sock");
    }

    Path sharedMemoryPath() {
        return sibling(".shm");
    }

    Path aeronDirectory() {
        return sibling("-aeron");
    }

    private Path sibling(String suffix) {
        return endpoint.resolveSibling(endpoint.getFileName() + suffix);
    }
}
