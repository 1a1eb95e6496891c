package io.texlink.cpu;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.FrameMeta;
import io.texlink.HandleType;
import io.texlink.PixelFormat;
import io.texlink.TexlinkProtocolException;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.ImportedBuffer;
import io.texlink.posix.Libc;
import io.texlink.posix.OwnedFd;
import io.texlink.posix.SealedMemfd;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuFrameImporterTest {
    private static final FrameDescriptor D = FrameDescriptor.texture2d(32, 32, PixelFormat.R8);

    private static FrameMeta meta(HandleType handle) {
        return new FrameMeta(Backend.CPU, handle, D, 0, HandleType.UNKNOWN, 0);
    }

    @Test
    void mapsASealedMemfdReadOnlyAndClosesItWithTheBuffer() {
        OwnedFd fd = SealedMemfd.create("import", D.size());
        int number = fd.fd();
        try (OwnedFd writerFd = fd.duplicate(); var writer = io.texlink.posix.MemoryMapping.readWrite(writerFd.fd(), D.size())) {
            writer.segment().set(ValueLayout.JAVA_BYTE, 100, (byte) 42);
            ImportedBuffer buffer = new CpuFrameImporter().importBuffer(0, fd, meta(HandleType.OPAQUE_FD));
            assertThat(buffer.cpuMemory().get(ValueLayout.JAVA_BYTE, 100)).isEqualTo((byte) 42);
            assertThat(buffer.cpuMemory().isReadOnly()).isTrue();
            buffer.close();
        }
        assertThat(Libc.fcntlOrErrno(number, 1 /* F_GETFD */, 0)).as("descriptor closed with the buffer").isNegative();
    }

    @Test
    void anUnsealedMemfdIsRefusedUnlessThePeerIsTrusted() {
        OwnedFd unsealed = new OwnedFd(Libc.memfdCreate("unsealed", Libc.MFD_CLOEXEC));
        Libc.ftruncate(unsealed.fd(), D.size());
        int number = unsealed.fd();
        assertThatThrownBy(() -> new CpuFrameImporter().importBuffer(0, unsealed, meta(HandleType.OPAQUE_FD)))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("not sealed");
        assertThat(Libc.fcntlOrErrno(number, 1, 0)).as("descriptor closed on refusal").isNegative();

        OwnedFd trusted = new OwnedFd(Libc.memfdCreate("trusted", Libc.MFD_CLOEXEC));
        Libc.ftruncate(trusted.fd(), D.size());
        try (ImportedBuffer b = new CpuFrameImporter(true).importBuffer(0, trusted, meta(HandleType.OPAQUE_FD))) {
            assertThat(b.cpuMemory().byteSize()).isEqualTo(D.size());
        }
    }

    @Test
    void handleTypesOfOtherBackendsAreNotMapped() {
        OwnedFd fd = SealedMemfd.create("other", D.size());
        assertThatThrownBy(() -> new CpuFrameImporter().importBuffer(0, fd, meta(HandleType.SYNC_FD)))
                .isInstanceOf(TexlinkUnsupportedException.class).hasMessageContaining("SYNC_FD");
        assertThat(fd.isOpen()).isFalse();
    }
}
