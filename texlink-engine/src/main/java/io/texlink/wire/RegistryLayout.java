package io.texlink.wire;

import io.texlink.TexlinkProtocolException;

import java.lang.foreign.MemorySegment;

import static io.texlink.wire.WireFields.U32;

/**
 * Layout of the name registry file {@code /tmp/texlink/.registry} (11,528 bytes), shared with C
 * processes: a magic, then {@link #MAX_ENTRIES} fixed slots. Callers map the file and hold
 * {@code flock} (shared to read, exclusive to change) around these methods; this class does no
 * locking and no liveness check.
 *
 * <p>Reads are lenient, because any process may have written the file: a text field without a NUL
 * is cut at the field's length, and bytes are decoded as UTF-8 with replacement.
 *
 * <p>Field constants are byte offsets: {@link #MAGIC}, {@link #PAD} and {@link #ENTRIES} from the
 * file's start, {@link #NAME}, {@link #SOCKET_PATH}, {@link #PID} and {@link #ACTIVE} from an entry's
 * start ({@link #entryOffset}).
 */
public final class RegistryLayout {

    /** u32, {@link #MAGIC_VALUE} in an initialized file. */
    public static final int MAGIC = 0;
    /** u32 padding. */
    public static final int PAD = 4;
    /** First entry. */
    public static final int ENTRIES = 8;
    /** Magic value; as a little-endian u32 the file's first bytes are 'K', 'N', 'L', 'T'. */
    public static final int MAGIC_VALUE = 0x544C4E4B;
    /** Slots in the file. */
    public static final int MAX_ENTRIES = 64;

    /** Entry field: char[64], NUL-terminated session name. */
    public static final int NAME = 0;
    /** Bytes of the name field, NUL included. */
    public static final int NAME_LENGTH = 64;
    /** Entry field: char[108] (the size of {@code sun_path}), NUL-terminated socket path. */
    public static final int SOCKET_PATH = 64;
    /** Bytes of the socket-path field, NUL included. */
    public static final int SOCKET_PATH_LENGTH = 108;
    /** Entry field: i32 process id of the producer. */
    public static final int PID = 172;
    /** Entry field: u32, non-zero when the slot is in use. */
    public static final int ACTIVE = 176;
    /** Bytes of one entry. */
    public static final int ENTRY_SIZE = 180;
    /** Bytes of the file. */
    public static final int FILE_SIZE = ENTRIES + MAX_ENTRIES * ENTRY_SIZE;

    private RegistryLayout() {
    }

    /** Whether the segment is a whole registry ({@link #FILE_SIZE} bytes or more) starting with {@link #MAGIC_VALUE}. */
    public static boolean hasMagic(MemorySegment seg) {
        return seg.byteSize() >= FILE_SIZE && seg.get(U32, MAGIC) == MAGIC_VALUE;
    }

    /**
     * Zeroes the {@link #FILE_SIZE} bytes and writes the magic; for a new or unrecognised file.
     *
     * @throws IllegalArgumentException for a segment shorter than {@link #FILE_SIZE}
     */
    public static void initialize(MemorySegment seg) {
        WireFields.requireWritable(seg, 0, FILE_SIZE, "name registry");
        seg.asSlice(0, FILE_SIZE).fill((byte) 0);
        seg.set(U32, MAGIC, MAGIC_VALUE);
    }

    /** Byte offset of slot {@code slot} (0..63) in the file. */
    public static long entryOffset(int slot) {
        if (slot < 0 || slot >= MAX_ENTRIES) {
            throw new IllegalArgumentException("registry slot must be 0.." + (MAX_ENTRIES - 1) + ", got " + slot);
        }
        return ENTRIES + (long) slot * ENTRY_SIZE;
    }

    /**
     * Decodes slot {@code slot}, leniently (see the class comment).
     *
     * @throws TexlinkProtocolException if the segment is too short to hold the slot
     */
    public static RegistryEntry readEntry(MemorySegment seg, int slot) {
        long base = entryOffset(slot);
        WireFields.requireReadable(seg, base, ENTRY_SIZE, "name registry slot " + slot);
        String name = WireFields.readLenientUtf8(seg, base + NAME, NAME_LENGTH);
        String path = WireFields.readLenientUtf8(seg, base + SOCKET_PATH, SOCKET_PATH_LENGTH);
        int pid = seg.get(U32, base + PID);
        boolean active = seg.get(U32, base + ACTIVE) != 0;
        return new RegistryEntry(name, path, pid, active);
    }

    /**
     * Encodes {@code entry} into slot {@code slot}, NUL-padding both text fields.
     *
     * @throws IllegalArgumentException if the name exceeds 63 or the path 107 UTF-8 bytes, either
     *                                  holds a NUL, or the segment is too short
     */
    public static void writeEntry(MemorySegment seg, int slot, RegistryEntry entry) {
        long base = entryOffset(slot);
        WireFields.requireWritable(seg, base, ENTRY_SIZE, "name registry slot");
        // Check both fields before writing either, so a refused entry leaves the slot unchanged.
        WireFields.utf8OrFail(entry.name(), NAME_LENGTH, "registry name");
        WireFields.utf8OrFail(entry.socketPath(), SOCKET_PATH_LENGTH, "registry socket path");
        WireFields.writeTerminated(seg, base + NAME, NAME_LENGTH, entry.name(), "registry name");
        WireFields.writeTerminated(seg, base + SOCKET_PATH, SOCKET_PATH_LENGTH,
                entry.socketPath(), "registry socket path");
        seg.set(U32, base + PID, entry.pid());
        seg.set(U32, base + ACTIVE, entry.active() ? 1 : 0);
    }

    /** Zeroes slot {@code slot}, making it free. */
    public static void clearEntry(MemorySegment seg, int slot) {
        long base = entryOffset(slot);
        WireFields.requireWritable(seg, base, ENTRY_SIZE, "name registry slot");
        seg.asSlice(base, ENTRY_SIZE).fill((byte) 0);
    }
}
