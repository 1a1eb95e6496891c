package io.texlink.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A reusable {@code struct pollfd} array; allocation-free per call.
 * Not thread-safe: one waiting thread at a time.
 */
public final class PollSet implements AutoCloseable {
    private static final int POLLFD_SIZE = 8; // int fd; short events; short revents
    private final Arena arena = Arena.ofShared();
    private final MemorySegment fds;
    /** One view per slot, made once: waiting on a single slot allocates nothing. */
    private final MemorySegment[] slots;
    private final int capacity;

    public PollSet(int capacity) {
        this.capacity = capacity;
        this.fds = arena.allocate((long) POLLFD_SIZE * capacity, 8);
        this.slots = new MemorySegment[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = fds.asSlice((long) i * POLLFD_SIZE, POLLFD_SIZE);
        }
    }

    /** Sets slot {@code i} to wait for input on {@code fd}; a negative fd disables the slot. */
    public void watchInput(int i, int fd) {
        long base = (long) check(i) * POLLFD_SIZE;
        fds.set(ValueLayout.JAVA_INT, base, fd);
        fds.set(ValueLayout.JAVA_SHORT, base + 4, (short) Libc.POLLIN);
        fds.set(ValueLayout.JAVA_SHORT, base + 6, (short) 0);
    }

    /** Waits up to {@code timeoutMillis} (-1 forever) for the first {@code count} slots. */
    public int await(int count, int timeoutMillis) {
        for (int i = 0; i < count; i++) {
            fds.set(ValueLayout.JAVA_SHORT, (long) i * POLLFD_SIZE + 6, (short) 0);
        }
        return Libc.poll(fds, count, timeoutMillis);
    }

    /** Waits up to {@code timeoutMillis} for slot {@code i} alone. */
    public int awaitSlot(int i, int timeoutMillis) {
        long base = (long) check(i) * POLLFD_SIZE;
        fds.set(ValueLayout.JAVA_SHORT, base + 6, (short) 0);
        return Libc.poll(slots[i], 1, timeoutMillis);
    }

    /** The events reported for slot {@code i} by the last {@link #await}. */
    public int readyEvents(int i) {
        return fds.get(ValueLayout.JAVA_SHORT, (long) check(i) * POLLFD_SIZE + 6) & 0xffff;
    }

    private int check(int i) {
        if (i < 0 || i >= capacity) {
            throw new IndexOutOfBoundsException("poll slot " + i + " of " + capacity);
        }
        return i;
    }

    @Override
    public void close() {
        arena.close();
    }
}
