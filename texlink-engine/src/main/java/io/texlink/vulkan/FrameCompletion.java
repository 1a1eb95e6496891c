package io.texlink.vulkan;

/** Producer side: makes a written frame safe to publish (the allocator's sync mode). */
interface FrameCompletion {
    /**
     * Called from {@code endWrite}, after the application's work on the frame was submitted to
     * the context's queue.
     *
     * @return the timeline value consumers wait for, or 0 when the frame is complete already
     */
    long frameWritten();
}
