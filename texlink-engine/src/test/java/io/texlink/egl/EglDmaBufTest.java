package io.texlink.egl;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.FrameMeta;
import io.texlink.HandleType;
import io.texlink.PixelFormat;
import io.texlink.TexlinkResourceException;
import io.texlink.posix.Libc;
import io.texlink.posix.OwnedFd;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GL's own textures exported as DMA-BUFs ({@code EGL_MESA_image_dma_buf_export}) and imported
 * back ({@code EGL_EXT_image_dma_buf_import}), in this process through real duplicated
 * descriptors. Neither machine of this project has DMA-BUF memory; the H100's EGL advertises both
 * extensions, so this runs there and says what the driver answers.
 */
@Tag("gpu")
class EglDmaBufTest {
    @Test
    void aGlTextureTravelsAsADmaBufWithItsExactTexels() {
        try (EglContext gl = EglTestSupport.contextOrSkip()) {
            EglCapabilities caps = gl.capabilities();
            Assumptions.assumeTrue(caps.dmaBufExport() && caps.dmaBufImport(),
                    () -> "no DMA-BUF export and import here: " + caps.summary());
            EglFrameAllocator allocator = EglFrameAllocator.builder(gl).memoryHandle(EglFrameAllocator.MemoryHandle.DMA_BUF).build();
            EglTexture exported;
            try {
                exported = (EglTexture) allocator.allocate(0, FrameDescriptor.texture2d(256, 128, PixelFormat.ABGR8888));
            } catch (TexlinkResourceException e) {
                allocator.close();
                Assumptions.abort("EGL_MESA_image_dma_buf_export is advertised, but exporting fails here: " + e.getMessage());
                throw new AssertionError("unreachable");
            }
            FrameDescriptor sent = exported.descriptor();
            System.out.println("EglDmaBufTest: exported " + sent + " on " + caps.renderer());
            assertThat(sent.stride()).isGreaterThanOrEqualTo(256 * 4);
            assertThat(sent.size()).isGreaterThanOrEqualTo((long) sent.stride() * 128);
            try (allocator; exported; EglFrameImporter importer = EglFrameImporter.builder(gl).build()) {
                importer.checkProducerDevice(Optional.empty());
                try (var imported = importer.importBuffer(0, new OwnedFd(Libc.fcntl(exported.exportDescriptor(),
                        Libc.F_DUPFD_CLOEXEC, 0)), new FrameMeta(Backend.EGL, HandleType.DMA_BUF_FD, sent, 0, HandleType.UNKNOWN, 0))) {
                    EglSharingTest.roundTrips(exported, imported, 3);
                }
            }
            assertThat(gl.liveObjects()).isEmpty();
        }
    }
}
