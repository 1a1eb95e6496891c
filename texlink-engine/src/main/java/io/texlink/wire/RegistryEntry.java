package io.texlink.wire;

/**
 * One slot of the name registry ({@link RegistryLayout}): a session name announced by a producer.
 * The entry is alive when {@code active} and the process {@code pid} exists; checking that is the
 * registry user's job.
 *
 * @param name       session name, at most 63 UTF-8 bytes
 * @param socketPath socket the producer listens on, at most 107 UTF-8 bytes
 * @param pid        producer process id
 * @param active     whether the slot is in use
 */
public record RegistryEntry(String name, String socketPath, int pid, boolean active) {

    public RegistryEntry {
        if (name == null || socketPath == null) {
            throw new IllegalArgumentException("registry entry name and socket path are required (use \"\" for none)");
        }
    }
}
