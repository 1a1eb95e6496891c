package io.texlink;

/**
 * The v3 {@code meta} record as values: who made the frames, how their handles travel, their shape,
 * and (per frame) the id and sync information.
 *
 * @param backend        graphics API of the producer
 * @param handleType     how buffers travel ({@link HandleType#OPAQUE_FD} for memfd and Vulkan
 *                       OPAQUE_FD memory, {@link HandleType#DMA_BUF_FD} for DMA-BUF)
 * @param descriptor     shape of each buffer
 * @param frameId        id of the frame this meta describes; 0 before the first frame
 * @param syncHandleType per-frame sync object type, {@link HandleType#UNKNOWN} for none
 * @param syncValue      timeline value to wait for, where the sync object is a timeline
 */
public record FrameMeta(Backend backend, HandleType handleType, FrameDescriptor descriptor,
                        long frameId, HandleType syncHandleType, long syncValue) {

    public FrameMeta {
        if (backend == null || handleType == null || descriptor == null || syncHandleType == null) {
            throw new IllegalArgumentException("backend, handle types and descriptor are required");
        }
    }

    /** This meta with another frame id and sync value; everything else equal. */
    public FrameMeta withFrame(long newFrameId, long newSyncValue) {
        return new FrameMeta(backend, handleType, descriptor, newFrameId, syncHandleType, newSyncValue);
    }
}
