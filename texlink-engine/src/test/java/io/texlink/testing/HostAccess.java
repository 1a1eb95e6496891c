package io.texlink.testing;

import io.texlink.FrameDescriptor;

import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

/** Moving test pattern bytes in and out of a shared GPU frame, whichever backend made it. */
public interface HostAccess {
    /** Tightly packed host shape, for {@link io.texlink.pattern.TestPattern}. */
    FrameDescriptor hostShape();

    void upload(MemorySegment contents);

    void download(MemorySegment destination);

    /** Bytes of {@link #hostShape()}. */
    default long hostSize() {
        return hostShape().size();
    }

    /** Host access through a frame's own upload and download, in {@code shape}. */
    static HostAccess of(FrameDescriptor shape, Consumer<MemorySegment> upload, Consumer<MemorySegment> download) {
        return new HostAccess() {
            @Override
            public FrameDescriptor hostShape() {
                return shape;
            }

            @Override
            public void upload(MemorySegment contents) {
                upload.accept(contents);
            }

            @Override
            public void download(MemorySegment destination) {
                download.accept(destination);
            }
        };
    }
}
