package io.texlink.bench;

import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;

/** The frame sizes of the sweeps: RGBA (ABGR8888) textures from 64 KiB to 3840×2160. */
public enum FrameSize {
    KIB_64("64 KiB", 128, 128),
    MIB_1("1 MiB", 512, 512),
    HD_1080P("1080p", 1920, 1080),
    UHD_4K("4K", 3840, 2160);

    private final String label;
    private final int width;
    private final int height;

    FrameSize(String label, int width, int height) {
        this.label = label;
        this.width = width;
        this.height = height;
    }

    /** Short name for tables: "64 KiB", "1080p", ... */
    public String label() {
        return label;
    }

    public FrameDescriptor descriptor() {
        return FrameDescriptor.texture2d(width, height, PixelFormat.ABGR8888);
    }

    /** Bytes of one frame. */
    public long bytes() {
        return descriptor().size();
    }

    /** "3840×2160 (31.6 MiB)". */
    public String dimensions() {
        return String.format(java.util.Locale.ROOT, "%d×%d (%.1f MiB)", width, height, bytes() / 1048576.0);
    }
}
