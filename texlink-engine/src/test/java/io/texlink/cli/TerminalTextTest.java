package io.texlink.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalTextTest {

    @Test
    void microsecondsAreSpelledOutWhereTheEncodingHasNoMicroSign() {
        assertThat(TerminalText.microseconds(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isEqualTo("µs");
        assertThat(TerminalText.microseconds(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.ISO_8859_1)))
                .isEqualTo("µs");
        assertThat(TerminalText.microseconds(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.US_ASCII)))
                .isEqualTo("us");
    }

    @Test
    void namesFromOtherProcessesCannotDriveTheTerminal() {
        assertThat(TerminalText.printable("cam\u001b[2J\r\n\u0007x\u202e")).isEqualTo("cam?[2J???x?");
        assertThat(TerminalText.printable("demo-1.cam_2")).isEqualTo("demo-1.cam_2");
    }
}
