package io.texlink.cpu;

import io.texlink.FrameMeta;
import io.texlink.TexlinkProtocolException;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.FrameImporter;
import io.texlink.backend.ImportedBuffer;
import io.texlink.posix.FileStat;
import io.texlink.posix.Libc;
import io.texlink.posix.MemoryMapping;
import io.texlink.posix.OwnedFd;
import io.texlink.posix.SealedMemfd;

/**
 * Maps received CPU frames read-only, after checking that mapping them cannot hurt this JVM.
 *
 * <p>A file a peer can still shrink would raise SIGBUS on access and kill the JVM, so an
 * OPAQUE_FD must be a memfd sealed against shrinking ({@code F_SEAL_SHRINK}) whose size covers
 * the metadata's; pipes, sockets, directories and unsealed files are refused. Only
 * {@code trustUnsealed} (an explicit trusted-peer setting) lets unsealed regular files through.
 * A DMA-BUF's size is fixed at creation, so it is only checked against the metadata.
 */
public final class CpuFrameImporter implements FrameImporter {
    private final boolean trustUnsealed;

    /** @param trustUnsealed map unsealed regular files too (only for peers you trust not to truncate them) */
    public CpuFrameImporter(boolean trustUnsealed) {
        this.trustUnsealed = trustUnsealed;
    }

    public CpuFrameImporter() {
        this(false);
    }

    @Override
    public ImportedBuffer importBuffer(int index, OwnedFd handle, FrameMeta meta) {
        try {
            long size = meta.descriptor().size();
            return switch (meta.handleType()) {
                case OPAQUE_FD -> {
                    requireSealedMemory(index, handle.fd(), size);
                    yield new CpuBuffer(handle, MemoryMapping.readOnly(handle.fd(), size), meta.descriptor(), null);
                }
                case DMA_BUF_FD -> {
                    long actual = Libc.seekEnd(handle.fd());
                    if (actual < size) {
                        throw new TexlinkProtocolException("buffer " + index + ": the DMA-BUF holds " + actual
                                + " bytes but the metadata claims " + size);
                    }
                    yield new CpuBuffer(handle, MemoryMapping.readOnly(handle.fd(), size), meta.descriptor(),
                            new DmaBufSync(handle.fd(), false));
                }
                default -> throw new TexlinkUnsupportedException("buffer " + index + ": the CPU backend cannot map a "
                        + meta.handleType() + " handle from a " + meta.backend() + " producer; use that backend's importer");
            };
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    private void requireSealedMemory(int index, int fd, long size) {
        FileStat stat = Libc.fstat(fd);
        if (!stat.isRegularFile()) {
            throw new TexlinkProtocolException("buffer " + index + ": the received descriptor is a " + stat.kind()
                    + ", not shared memory");
        }
        if (stat.size() < size) {
            throw new TexlinkProtocolException("buffer " + index + ": the memory holds " + stat.size()
                    + " bytes but the metadata claims " + size);
        }
        int seals = SealedMemfd.seals(fd);
        if (seals < 0 || (seals & Libc.F_SEAL_SHRINK) == 0) {
            if (!trustUnsealed) {
                throw new TexlinkProtocolException("buffer " + index + ": the shared memory is not sealed against shrinking ("
                        + (seals < 0 ? "not a sealable memfd" : "seals 0x" + Integer.toHexString(seals))
                        + "); the producer could truncate it and crash this process. Refused; trust the producer explicitly to allow it");
            }
        }
    }

}
