package dev.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The command line loadgen/README.md documents, parsed without running anything. */
class CommandLineTest {

    @Test
    void theReadmesMessagesRunIsParsedIntoTypedOptions() {
        LoadGenerator.Messages messages = parse(LoadGenerator.Messages.class,
                "messages", "--pairs", "100", "--rate", "1000", "--warmup", "10", "--duration", "60", "--out", "F");

        assertThat(messages.pairs).isEqualTo(100);
        assertThat(messages.rate).isEqualTo(1000);
        assertThat(messages.warmup).isEqualTo(10);
        assertThat(messages.duration).isEqualTo(60);
        assertThat(messages.options.out()).contains(Path.of("F"));
    }

    @Test
    void theReadmesGroupsRunIsParsedIntoTypedOptions() {
        LoadGenerator.Groups groups = parse(LoadGenerator.Groups.class, "groups", "--groups", "10", "--members", "10",
                "--rate", "100", "--warmup", "10", "--duration", "30", "--out", "G");

        assertThat(List.of(groups.groups, groups.members, groups.rate, groups.warmup, groups.duration))
                .containsExactly(10, 10, 100, 10, 30);
        assertThat(groups.options.out()).contains(Path.of("G"));
    }

    @Test
    void aGroupSizeOutsideTwoToFiftyStopsTheRunBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = LoadGenerator.commandLine().setErr(new PrintWriter(err));

        assertThat(commandLine.execute("groups", "--members", "51")).isNotZero();
        assertThat(err.toString()).contains("--members must be 2 to 50");
        assertThat(commandLine.execute("groups", "--members", "1")).isNotZero();
    }

    @Test
    void eachCommandHasTheDefaultsTheReadmeLists() {
        LoadGenerator.Messages messages = parse(LoadGenerator.Messages.class, "messages");
        assertThat(List.of(messages.pairs, messages.rate, messages.warmup, messages.duration))
                .containsExactly(100, 1000, 10, 60);
        assertThat(messages.options.kdfIterations).isEqualTo(600_000);
        assertThat(messages.options.out()).isEmpty();

        LoadGenerator.Groups groups = parse(LoadGenerator.Groups.class, "groups");
        assertThat(List.of(groups.groups, groups.members, groups.rate, groups.warmup, groups.duration))
                .containsExactly(10, 10, 100, 10, 60);

        LoadGenerator.Soak soak = parse(LoadGenerator.Soak.class, "soak");
        assertThat(List.of(soak.pairs, soak.rate, soak.warmup, soak.duration, soak.interval))
                .containsExactly(100, 100, 30, 600, 30);
        assertThat(soak.latencyFactor).isEqualTo(2.0);

        LoadGenerator.Idle idle = parse(LoadGenerator.Idle.class, "idle");
        assertThat(List.of(idle.connections, idle.users, idle.hold, idle.extraGateways))
                .containsExactly(10_000, 100, 10, 0);
        assertThat(idle.via).isEqualTo(LoadGenerator.Via.gateway);
    }

    @Test
    void theCommonOptionsAreTyped() {
        LoadGenerator.Idle idle = parse(LoadGenerator.Idle.class, "idle", "--via", "chat", "--gateway",
                "https://localhost:8443,https://localhost:8444", "--chat-service", "http://127.0.0.1:9184",
                "--chat-pid", "41", "--home", "/tmp/stack", "--threads", "3", "--send-threads", "2");

        assertThat(idle.via).isEqualTo(LoadGenerator.Via.chat);
        assertThat(idle.options.gateways())
                .containsExactly(URI.create("https://localhost:8443"), URI.create("https://localhost:8444"));
        assertThat(idle.options.gateway()).isEqualTo(URI.create("https://localhost:8443"));
        assertThat(idle.options.chatService()).isEqualTo(URI.create("http://127.0.0.1:9184"));
        assertThat(idle.options.chatPid()).isEqualTo(41);
        assertThat(idle.options.home()).isEqualTo(Path.of("/tmp/stack"));
        assertThat(idle.options.threads()).isEqualTo(3);
        assertThat(idle.options.sendThreads()).isEqualTo(2);
    }

    @Test
    void unknownOptionsMissingValuesAndBadValuesAreRefused() {
        CommandLine commandLine = LoadGenerator.commandLine();

        assertThatThrownBy(() -> commandLine.parseArgs("messages", "--pears", "100"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("--pears");
        assertThatThrownBy(() -> commandLine.parseArgs("messages", "--rate"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("--rate");
        assertThatThrownBy(() -> commandLine.parseArgs("messages", "--rate", "fast"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("fast");
        assertThatThrownBy(() -> commandLine.parseArgs("idle", "--via", "carrier-pigeon"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("carrier-pigeon");
        assertThatThrownBy(() -> commandLine.parseArgs("idle", "--interval", "30"))
                .as("an option of another command").isInstanceOf(ParameterException.class);
    }

    @Test
    void theHelpListsEveryCommandAndEachCommandsHelpItsOptionsWithDefaults() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = LoadGenerator.commandLine().setOut(new PrintWriter(out));

        assertThat(commandLine.execute()).isZero();
        assertThat(out.toString()).contains("messages", "groups", "soak", "idle", "help");

        out.getBuffer().setLength(0);
        assertThat(commandLine.execute("help", "soak")).isZero();
        assertThat(out.toString()).contains("--latency-factor", "--interval", "--gateway", "--out", "(default: 600)");
    }

    private static <T> T parse(Class<T> command, String... args) {
        CommandLine.ParseResult result = LoadGenerator.commandLine().parseArgs(args);
        return command.cast(result.subcommand().commandSpec().userObject());
    }
}
