package io.texlink.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlBlockNamesTest {

    @Test
    void derivesTheNameFromTheSocketBaseName() {
        assertThat(ControlBlockNames.forSocket(Path.of("/tmp/texlink/cam.sock"))).isEqualTo("/texlink_cam");
        assertThat(ControlBlockNames.forSocket(Path.of("/run/a.b.sock"))).isEqualTo("/texlink_a.b");
        assertThat(ControlBlockNames.forSocket(Path.of("relative/cam"))).isEqualTo("/texlink_cam");
        assertThat(ControlBlockNames.forSocket(Path.of("cam.sock"))).isEqualTo("/texlink_cam");
    }

    @Test
    void refusesSocketsWhoseNameCannotBeAControlBlock() {
        assertThatThrownBy(() -> ControlBlockNames.forSocket(Path.of("/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no file name");
        assertThatThrownBy(() -> ControlBlockNames.forSocket(Path.of("/tmp/" + "x".repeat(55) + ".sock")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 characters");
        assertThatThrownBy(() -> ControlBlockNames.forSocket(Path.of("/tmp/my cam.sock")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x20");
    }

    @Test
    void acceptsTheLongestDerivedName() {
        assertThat(ControlBlockNames.forSocket(Path.of("/tmp/" + "x".repeat(54) + ".sock"))).hasSize(63);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a", "/texlink_cam", "/texlink_a.b", "/~!#$%&'()*+,-.:;<=>?@[\\]^_`{|}"})
    void acceptsValidNames(String name) {
        assertThatCode(() -> ControlBlockNames.validate(name)).doesNotThrowAnyException();
    }

    @Test
    void acceptsA63ByteName() {
        assertThatCode(() -> ControlBlockNames.validate("/" + "n".repeat(62))).doesNotThrowAnyException();
    }

    @Test
    void explainsEachRefusal() {
        assertRefused("texlink_x", "must start with '/'");
        assertRefused("/a/b", "'/' at index 2");
        assertRefused("/" + "n".repeat(63), "64 characters; it must be 2..63 bytes");
        assertRefused("/", "1 characters");
        assertRefused("", "0 characters");
        assertRefused("/caf\u00e9", "0xe9 at index 4");
        assertRefused("/a\u007fb", "0x7f");
        assertRefused("/a b", "0x20");
        assertRefused("/.", "not a valid shared-memory name");
        assertRefused("/..", "not a valid shared-memory name");
        assertRefused(null, "missing");
    }

    private static void assertRefused(String name, String messagePart) {
        assertThatThrownBy(() -> ControlBlockNames.validate(name))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(messagePart);
    }
}
