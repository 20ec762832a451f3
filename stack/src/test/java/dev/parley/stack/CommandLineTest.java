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
    void upRunsOneChatInstanceUnlessToldMore() {
        assertThat(CommandLine.parse(List.of("up")).chatInstances()).isEqualTo(1);
        assertThat(CommandLine.parse(List.of("up", "--chat-instances", "3")).chatInstances()).isEqualTo(3);
        assertThat(CommandLine.parse(List.of("up", "--chat-instances=8")).chatInstances()).isEqualTo(8);
    }

    @Test
    void aNumberOfChatInstancesOutsideOneToEightIsAUsageError() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("up", "--chat-instances", "9")))
                .isInstanceOf(StackException.class)
                .hasMessage("--chat-instances takes a number from 1 to 8, not '9'.")
                .extracting(e -> ((StackException) e).exitStatus()).isEqualTo(StackException.USAGE);
        assertThatThrownBy(() -> CommandLine.parse(List.of("up", "--chat-instances=0")))
                .hasMessage("--chat-instances takes a number from 1 to 8, not '0'.");
        assertThatThrownBy(() -> CommandLine.parse(List.of("up", "--chat-instances", "two")))
                .hasMessage("--chat-instances takes a number from 1 to 8, not 'two'.");
        assertThatThrownBy(() -> CommandLine.parse(List.of("up", "--chat-instances")))
                .hasMessage("--chat-instances takes a number from 1 to 8.");
    }

    @Test
    void onlyUpStartsChatInstances() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("infra", "--chat-instances", "2")))
                .isInstanceOf(StackException.class)
                .hasMessage("'--chat-instances' is not an option of infra; ./parley help lists them.");
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
