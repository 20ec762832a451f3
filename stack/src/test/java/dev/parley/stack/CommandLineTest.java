package dev.parley.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.stack.CommandLine.Command;

class CommandLineTest {

    @Test
    void everyCommandIsKnownByItsLowerCaseName() {
        assertThat(CommandLine.parse(List.of("up")).command()).isEqualTo(Command.UP);
        assertThat(CommandLine.parse(List.of("infra")).command()).isEqualTo(Command.INFRA);
        assertThat(CommandLine.parse(List.of("down")).command()).isEqualTo(Command.DOWN);
        assertThat(CommandLine.parse(List.of("status")).command()).isEqualTo(Command.STATUS);
        assertThat(CommandLine.parse(List.of("reset")).command()).isEqualTo(Command.RESET);
    }

    @Test
    void resetKeepsTheCertificatesUnlessToldAll() {
        assertThat(CommandLine.parse(List.of("reset")).includeCertificates()).isFalse();
        assertThat(CommandLine.parse(List.of("reset", "--all")).includeCertificates()).isTrue();
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("start")))
                .isInstanceOf(StackException.class)
                .hasMessage("Unknown command 'start'; ./parley help lists the commands.")
                .extracting(e -> ((StackException) e).exitStatus()).isEqualTo(StackException.USAGE);
    }

    @Test
    void noCommandIsAUsageError() {
        assertThatThrownBy(() -> CommandLine.parse(List.of())).isInstanceOf(StackException.class)
                .hasMessageContaining("No command");
    }

    @Test
    void anOptionOfAnotherCommandIsRejected() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("up", "--all")))
                .isInstanceOf(StackException.class)
                .hasMessage("'--all' is not an option of up; ./parley help lists them.");
    }

    @Test
    void commandNamesAreCaseSensitiveLikeEveryShellTool() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("UP"))).isInstanceOf(StackException.class);
    }
}
