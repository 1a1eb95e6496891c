package io.texlink.posix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PosixLayerTest {
    @TempDir
    Path dir;

    @Test
    void sealedMemfdCannotShrinkOrGrowAndReportsItsSeals() {
        try (OwnedFd fd = SealedMemfd.create("seal-test", 8192)) {
            assertThat(Libc.fstat(fd.fd()).size()).isEqualTo(8192);
            assertThat(Libc.fstat(fd.fd()).isRegularFile()).isTrue();
            assertThat(SealedMemfd.seals(fd.fd()) & SealedMemfd.FRAME_SEALS).isEqualTo(SealedMemfd.FRAME_SEALS);
            assertThatThrownBy(() -> Libc.ftruncate(fd.fd(), 4096))
                    .isInstanceOf(NativeCallException.class)
                    .hasMessageContaining("ftruncate failed")
                    .satisfies(e -> assertThat(((NativeCallException) e).errno()).isEqualTo(NativeCallException.EPERM));
            assertThatThrownBy(() -> Libc.ftruncate(fd.fd(), 16384)).isInstanceOf(NativeCallException.class);
        }
    }

    @Test
    void plainFilesHaveNoSeals() {
        try (OwnedFd fd = new OwnedFd(Libc.open(dir.resolve("f").toString(), Libc.O_RDWR | Libc.O_CREAT | Libc.O_CLOEXEC, 0600))) {
            assertThat(SealedMemfd.seals(fd.fd())).isEqualTo(-1);
            assertThat(Libc.fstat(fd.fd()).permissions()).isEqualTo(0600);
        }
    }

    @Test
    void anImportGetsADuplicateThatIsClosedWhenTheImportFails() {
        try (OwnedFd received = SealedMemfd.create("import-test", 4096)) {
            int[] given = new int[1];
            assertThatThrownBy(() -> OwnedFd.importDuplicate(received.fd(), duplicate -> {
                given[0] = duplicate;
                throw new IllegalStateException("the driver refused it");
            })).hasMessage("the driver refused it");
            assertThat(given[0]).isNotEqualTo(received.fd());
            assertThat(Path.of("/proc/self/fd/" + given[0])).as("the failed import's duplicate").doesNotExist();

            int imported = OwnedFd.importDuplicate(received.fd(), duplicate -> duplicate);
            try (OwnedFd owned = new OwnedFd(imported)) {
                assertThat(Libc.fstat(owned.fd()).size()).as("a successful import keeps the duplicate").isEqualTo(4096);
            }
            assertThat(Libc.fstat(received.fd()).size()).as("the caller's descriptor stays open").isEqualTo(4096);
        }
    }

    @Test
    void mappingsShareBytesAndReadOnlyOnesRefuseWrites() {
        try (OwnedFd fd = SealedMemfd.create("map-test", 4096);
             MemoryMapping writer = MemoryMapping.readWrite(fd.fd(), 4096);
             MemoryMapping reader = MemoryMapping.readOnly(fd.fd(), 4096)) {
            writer.segment().set(ValueLayout.JAVA_LONG, 8, 0x1122334455667788L);
            assertThat(reader.segment().get(ValueLayout.JAVA_LONG, 8)).isEqualTo(0x1122334455667788L);
            assertThat(reader.segment().isReadOnly()).isTrue();
            assertThatThrownBy(() -> reader.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aClosedMappingThrowsInsteadOfTouchingUnmappedMemory() {
        MemorySegment segment;
        try (OwnedFd fd = SealedMemfd.create("closed-map", 4096)) {
            MemoryMapping mapping = MemoryMapping.readWrite(fd.fd(), 4096);
            segment = mapping.segment();
            mapping.close();
            mapping.close(); // idempotent
        }
        MemorySegment gone = segment;
        assertThatThrownBy(() -> gone.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failedCallsNameTheCallAndTheErrno() {
        assertThatThrownBy(() -> Libc.open(dir.resolve("missing/file").toString(), Libc.O_RDONLY, 0))
                .isInstanceOf(NativeCallException.class)
                .hasMessageContaining("open failed: No such file or directory (errno 2)")
                .hasMessageContaining("missing/file");
        assertThat(Libc.shmUnlink("/texlink_never_created_" + System.nanoTime())).isFalse();
    }

    @Test
    void processExistsFollowsKillZero() {
        assertThat(Libc.processExists((int) ProcessHandle.current().pid())).isTrue();
        assertThat(Libc.processExists(1)).isTrue(); // init, possibly another user's: EPERM counts as alive
        assertThat(Libc.processExists(0)).isFalse();
        assertThat(Libc.processExists(Integer.MAX_VALUE)).isFalse();
    }

    @Test
    void ownedDescriptorsCloseOnceAndDuplicate() {
        OwnedFd fd = SealedMemfd.create("dup-test", 64);
        try (OwnedFd copy = fd.duplicate()) {
            assertThat(copy.fd()).isNotEqualTo(fd.fd());
            assertThat(Libc.fstat(copy.fd()).size()).isEqualTo(64);
        }
        fd.close();
        fd.close();
        assertThat(fd.isOpen()).isFalse();
        assertThatThrownBy(fd::fd).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pollReportsReadableSockets() throws Exception {
        try (var pair = org.newsclub.net.unix.AFUNIXSocketPair.open(); PollSet poll = new PollSet(1)) {
            int fd = org.newsclub.net.unix.FileDescriptorCast.using(pair.getFirst().socket().getFileDescriptor()).as(Integer.class);
            poll.watchInput(0, fd);
            assertThat(poll.await(1, 0)).isZero();
            pair.getSecond().write(java.nio.ByteBuffer.wrap(new byte[] {1}));
            assertThat(poll.await(1, 1000)).isEqualTo(1);
            assertThat(poll.readyEvents(0) & Libc.POLLIN).isEqualTo(Libc.POLLIN);
        }
    }
}
