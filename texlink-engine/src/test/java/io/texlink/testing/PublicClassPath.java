package io.texlink.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of this JVM's class path that every user can read, for a second JVM that runs as another
 * uid (the Maven repository under /root is private).
 */
public final class PublicClassPath {
    private PublicClassPath() {
    }

    /** Copies each class path entry under {@code target} (made world-readable) and returns the new class path. */
    public static String copyTo(Path target) {
        List<String> entries = new ArrayList<>();
        int n = 0;
        try {
            openUp(target);
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path source = Path.of(entry);
                if (!Files.exists(source)) {
                    continue;
                }
                Path copy = target.resolve((n++) + "-" + source.getFileName());
                copyReadable(source, copy);
                entries.add(copy.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copyReadable(Path source, Path copy) throws IOException {
        if (Files.isRegularFile(source)) {
            Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            return;
        }
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Path dest = copy.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                    openUp(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    /** Mode 0777, so another user can enter, read and create sockets there. */
    public static void openUp(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
}
