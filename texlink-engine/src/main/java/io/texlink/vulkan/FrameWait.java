package io.texlink.vulkan;

/** Consumer side: how a frame waits for the producer's writes (the importer's sync mode). */
interface FrameWait {
    /** Called from {@code beginRead}: waits on the CPU where the importer is set to. */
    void beginRead(long syncValue);

    /** The timeline semaphore GPU work must wait on before it reads, or {@code VK_NULL_HANDLE} when nothing is to be waited for on the GPU. */
    long gpuWaitSemaphore();
}
