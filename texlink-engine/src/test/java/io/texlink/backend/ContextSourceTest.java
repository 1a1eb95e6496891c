package io.texlink.backend;

import io.texlink.TexlinkUnsupportedException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContextSourceTest {
    private static final DeviceIdentity GPU = new DeviceIdentity(new byte[16], new byte[16]);

    /** A context that remembers the options it was made with and whether it was closed. */
    private static final class Context implements AutoCloseable {
        final String options;
        boolean closed;

        Context(String options) {
            this.options = options;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final List<Context> made = new ArrayList<>();

    private ContextSource<Context> own() {
        return ContextSource.own("defaults", (options, device) -> options + " on " + device, options -> {
            Context context = new Context(options);
            made.add(context);
            return context;
        });
    }

    @Test
    void anOwnContextIsCreatedOnTheNamedDeviceAndClosedWhenItsUserCannotBeMade() {
        assertThat(own().owned()).isTrue();
        assertThat(own().given()).isNull();
        assertThat(own().open(Optional.of(GPU)).options).isEqualTo("defaults on " + GPU);
        assertThat(own().open(Optional.empty()).options).isEqualTo("defaults");

        assertThatThrownBy(() -> own().openFor(context -> {
            throw new TexlinkUnsupportedException("no such feature");
        })).hasMessage("no such feature");
        assertThat(made.getLast().closed).as("the context made for the failed user").isTrue();
        Context used = own().openFor(context -> context);
        assertThat(used.closed).as("the context of a user made on it").isFalse();
    }

    @Test
    void theApplicationsContextIsUsedAsItIsAndNeverClosed() {
        Context application = new Context("application's");
        ContextSource<Context> source = ContextSource.application(application);
        assertThat(source.owned()).isFalse();
        assertThat(source.given()).isSameAs(application);
        assertThat(source.open(Optional.of(GPU))).isSameAs(application);
        assertThatThrownBy(() -> source.openFor(context -> {
            throw new TexlinkUnsupportedException("no such feature");
        })).isInstanceOf(TexlinkUnsupportedException.class);
        assertThat(application.closed).isFalse();
    }

    @Test
    void anImporterThatCannotCreateItsContextSaysWhereTheProducersFramesLive() {
        ContextSource<Context> source = ContextSource.own("defaults", (options, device) -> options, options -> {
            throw new TexlinkUnsupportedException("no display on that GPU");
        });
        assertThatThrownBy(() -> source.openForProducer(Optional.of(GPU), " into OpenGL ES"))
                .isInstanceOf(TexlinkUnsupportedException.class)
                .hasMessage("cannot import the producer's frames into OpenGL ES (they live on " + GPU + "): no display on that GPU");
        assertThatThrownBy(() -> source.openForProducer(Optional.empty(), ""))
                .hasMessage("cannot import the producer's frames: no display on that GPU");
    }
}
