package io.texlink.cli;

import io.texlink.AcquiredFrame;
import io.texlink.TexlinkClient;
import sun.misc.Signal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * How the operator stops a running command: Ctrl-C (SIGINT) or SIGTERM. Once {@link #arm armed},
 * the first signal only sets a flag and wakes the command's thread, which then leaves its loop,
 * closes its session and prints its summary; a second signal exits at once, with status 128 plus
 * the signal's number.
 *
 * <p>Left alone, the JVM answers these signals by running its shutdown hooks while the command
 * still runs, and texlink's hook closes the session under it (the command then died with a stack
 * trace). {@code sun.misc.Signal} (module {@code jdk.unsupported}) is the JDK's one way to take the
 * signals over. Where the JVM keeps a signal to itself ({@code -Xrs}) or the signal is ignored (a
 * background job of a non-interactive shell), the JVM's own behaviour stays.
 */
final class StopSignals {
    /** How long a wait for a frame runs before it looks at the flag again. */
    private static final long CHECK_INTERVAL_NANOS = 100_000_000L;
    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final boolean takeOver;
    private volatile Thread waiter;
    /** "SIGINT" or "SIGTERM" once one arrived; null before. */
    private volatile String received;
    /** The received signal's number, set before {@link #received}. */
    private volatile int receivedNumber;

    private StopSignals(boolean takeOver) {
        this.takeOver = takeOver;
    }

    /** For {@code main}: {@link #arm} takes SIGINT and SIGTERM over. */
    static StopSignals fromOperator() {
        return new StopSignals(true);
    }

    /** For a command run inside another program (tests): the JVM's signals stay as they are, and no stop comes. */
    static StopSignals none() {
        return new StopSignals(false);
    }

    /** From now on a signal asks the calling thread's command to stop; call once the session is set up. */
    void arm() {
        waiter = Thread.currentThread();
        if (!takeOver) {
            return;
        }
        for (String name : SIGNALS) {
            try {
                Signal.handle(new Signal(name), this::receive);
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal (-Xrs): its default reaction stays
            }
        }
    }

    private void receive(Signal signal) {
        String name = "SIG" + signal.getName();
        if (received != null) {
            System.err.println("texlink: " + name + " again, exiting at once");
            System.exit(128 + signal.getNumber());
        }
        receivedNumber = signal.getNumber();
        received = name;
        Thread thread = waiter;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    boolean requested() {
        return received != null;
    }

    /** The signal that asked to stop ("SIGINT", "SIGTERM"), or null. */
    String signal() {
        return received;
    }

    /** The exit status of a command the signal cut short, as a shell reports it: 128 + the signal's number. */
    int interruptedStatus() {
        return 128 + receivedNumber;
    }

    /** Sleeps until {@code deadlineNanos} ({@link System#nanoTime}) or until a stop is requested. */
    void sleepUntil(long deadlineNanos) {
        long left;
        while (!requested() && (left = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /**
     * The client's newest frame, waiting up to {@code timeout}; null when none arrives in time or
     * a stop is requested first (see {@link #requested}).
     */
    AcquiredFrame acquire(TexlinkClient client, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!requested()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            AcquiredFrame frame = client.tryAcquireFrame(Math.min(left, CHECK_INTERVAL_NANOS));
            if (frame != null) {
                return frame;
            }
        }
        return null;
    }
}
