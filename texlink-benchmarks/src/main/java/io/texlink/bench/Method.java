package io.texlink.bench;

import io.texlink.WaitStrategy;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;

/** The ways of moving a frame from one process to another that the suite compares. */
public enum Method {
    TEXLINK_BLOCKING("texlink, blocking",
            "texlink publish → acquire; the consumer sleeps in poll(2) on the socket for the v3 notice"),
    TEXLINK_BUSY_SPIN("texlink, busy-spin",
            "texlink publish → acquire; the consumer checks the socket without sleeping (WaitStrategy.busySpin)"),
    TEXLINK_BACKOFF("texlink, backoff",
            "texlink publish → acquire; the consumer spins, yields, then parks up to 1 ms (WaitStrategy.backoff)"),
    RAW_SOCKET("raw socket, 24 B",
            "junixsocket one-way trip of a 24-byte message; the reader blocks in read: the floor of the socket path"),
    SOCKET_COPY("copy over socket",
            "the 24-byte header and then every byte of the frame written to the socket; the reader reads it all"),
    SHM_COPY("copy via shared memory",
            "the writer copies the frame into one shared mapping and sends a 24-byte notice; the reader copies it out"),
    AERON_BUSY_SPIN("Aeron IPC, busy-spin",
            "Aeron aeron:ipc, embedded media driver, 24-byte messages; the subscriber polls with BusySpinIdleStrategy"),
    AERON_BACKOFF("Aeron IPC, backoff",
            "Aeron aeron:ipc, embedded media driver, 24-byte messages; the subscriber polls with BackoffIdleStrategy");

    private final String label;
    private final String description;

    Method(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** Short name for tables and plots. */
    public String label() {
        return label;
    }

    /** One sentence on what is timed. */
    public String description() {
        return description;
    }

    /** False for the 24-byte baselines, which carry no frame: their size column reads "24 B". */
    public boolean carriesFrames() {
        return this != RAW_SOCKET && this != AERON_BUSY_SPIN && this != AERON_BACKOFF;
    }

    /** True for the texlink methods, which alone serve several consumers and rotate buffers. */
    public boolean isTexlink() {
        return this == TEXLINK_BLOCKING || this == TEXLINK_BUSY_SPIN || this == TEXLINK_BACKOFF;
    }

    Publisher openPublisher(TrialSpec spec) throws java.io.IOException {
        return switch (this) {
            case TEXLINK_BLOCKING, TEXLINK_BUSY_SPIN, TEXLINK_BACKOFF -> new TexlinkPublisher(spec);
            case RAW_SOCKET -> new SocketPublisher(spec, SocketPayload.NOTICE_ONLY);
            case SOCKET_COPY -> new SocketPublisher(spec, SocketPayload.INLINE);
            case SHM_COPY -> new SocketPublisher(spec, SocketPayload.SHARED_MEMORY);
            case AERON_BUSY_SPIN, AERON_BACKOFF -> new AeronPublisher(spec);
        };
    }

    Receiver openReceiver(TrialSpec spec) throws java.io.IOException {
        return switch (this) {
            case TEXLINK_BLOCKING -> new TexlinkReceiver(spec, WaitStrategy.blocking());
            case TEXLINK_BUSY_SPIN -> new TexlinkReceiver(spec, WaitStrategy.busySpin());
            case TEXLINK_BACKOFF -> new TexlinkReceiver(spec, WaitStrategy.backoff());
            case RAW_SOCKET -> new SocketReceiver(spec, SocketPayload.NOTICE_ONLY);
            case SOCKET_COPY -> new SocketReceiver(spec, SocketPayload.INLINE);
            case SHM_COPY -> new SocketReceiver(spec, SocketPayload.SHARED_MEMORY);
            case AERON_BUSY_SPIN -> new AeronReceiver(spec, new BusySpinIdleStrategy());
            case AERON_BACKOFF -> new AeronReceiver(spec, new BackoffIdleStrategy());
        };
    }
}
