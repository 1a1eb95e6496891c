package io.texlink.vulkan;

import io.texlink.AcquiredFrame;
import io.texlink.FrameDescriptor;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.testing.HostAccess;
import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Vulkan tests share: contexts with the validation layer on wherever it is installed,
 * a clean skip where there is no Vulkan device, the leak and validation check at the end, and
 * (for the EGL tests too) host access to a Vulkan frame and the check of its GPU wait.
 */
public final class VulkanTestSupport {
    private VulkanTestSupport() {
    }

    /** Validation on where the layer is installed (CI installs vulkan-validationlayers; the GPU machine has none). */
    static VulkanContext.Options options() {
        return VulkanContext.Options.defaults().withValidation(validationAvailable());
    }

    static boolean validationAvailable() {
        try {
            return VulkanContext.validationLayerInstalled();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** A context on the best device, or the test is skipped with the reason there is none. */
    static VulkanContext contextOrSkip() {
        try {
            return VulkanContext.create(options());
        } catch (TexlinkUnsupportedException | LinkageError e) {
            Assumptions.abort("no usable Vulkan device here: " + e.getMessage());
            throw new AssertionError("unreachable");
        }
    }

    /** A context whose device exports timeline semaphores, or the test is skipped with the reason. */
    static VulkanContext timelineContextOrSkip() {
        VulkanContext context = contextOrSkip();
        if (!context.capabilities().exportableTimelineSemaphores()) {
            String reason = context.capabilities().summary();
            context.close();
            Assumptions.abort("this device shares no timeline semaphores (GPU test; runs on the H100): " + reason);
        }
        return context;
    }

    /** Closes {@code context} and checks that texlink destroyed every Vulkan object and the layer reported no error. */
    static void closeAndAssertClean(VulkanContext context) {
        assertThat(context.liveObjects()).as("Vulkan objects texlink left alive").isEmpty();
        context.close();
        assertThat(context.validationErrors()).as("validation layer errors").isEmpty();
    }

    /** Host access to a Vulkan image ({@link VulkanImage#hostDescriptor()}) or buffer (its descriptor). */
    public static HostAccess hostAccess(VulkanFrame frame) {
        FrameDescriptor shape = frame instanceof VulkanImage image ? image.hostDescriptor() : frame.descriptor();
        return HostAccess.of(shape, frame::upload, frame::download);
    }

    /**
     * Whether the consumer's GPU waits for {@code frame}: a Vulkan frame with the producer's
     * timeline semaphore, whose wait value must then be the frame id (texlink's producers signal that).
     */
    public static boolean waitedOnGpu(AcquiredFrame frame) {
        if (!(frame.buffer() instanceof VulkanFrame vulkan) || vulkan.waitSemaphore() == 0) {
            return false;
        }
        assertThat(vulkan.waitValue()).as("the timeline value of frame %d", frame.frameId()).isEqualTo(frame.frameId());
        return true;
    }
}
