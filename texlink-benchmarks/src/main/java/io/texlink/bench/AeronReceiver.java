package io.texlink.bench;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/** Polls an {@code aeron:ipc} subscription one message at a time, idling with the given strategy. */
final class AeronReceiver extends Receiver {
    private final Aeron aeron;
    private final Subscription subscription;
    private final IdleStrategy idle;
    private final FragmentHandler handler = this::onMessage;
    private boolean messageTaken;

    AeronReceiver(TrialSpec spec, IdleStrategy idle) {
        this.idle = idle;
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(spec.aeronDirectory().toString()));
        subscription = aeron.addSubscription(AeronPublisher.CHANNEL, AeronPublisher.STREAM);
    }

    @Override
    boolean receive(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        messageTaken = false;
        idle.reset();
        while (!messageTaken) {
            if (subscription.poll(handler, 1) == 0) {
                if (System.nanoTime() - deadline > 0) {
                    return false;
                }
                idle.idle();
            }
        }
        return true;
    }

    private void onMessage(DirectBuffer buffer, int offset, int length, Header header) {
        received(System.nanoTime() - buffer.getLong(offset + FrameHeader.SEND_NANOS), buffer.getInt(offset + FrameHeader.PHASE));
        messageTaken = true;
    }

    @Override
    public void close() {
        CloseHelper.closeAll(subscription, aeron);
    }
}
