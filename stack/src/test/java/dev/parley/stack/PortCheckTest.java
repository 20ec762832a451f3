package dev.parley.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void aTakenPortIsReportedWithTheVariableThatMovesIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Map<String, String> environment = FreePorts.forEveryPart();
            environment.put("PARLEY_FRIEND_PORT", String.valueOf(port));
            StackSettings settings = settingsWith(environment);

            assertThat(PortCheck.problems(settings, List.of(StackPort.FRIEND))).containsExactly("Port " + port
                    + " (friend-service) is already in use; set PARLEY_FRIEND_PORT to another port.");
        }
    }

    @Test
    void aTakenPortOfALaterChatInstanceNamesTheChatPortThatMovesIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Map<String, String> environment = FreePorts.forEveryPart();
            environment.put("PARLEY_CHAT_PORT", String.valueOf(port - 1));
            StackSettings settings = settingsWith(environment).withChatInstances(2);

            assertThat(PortCheck.problems(settings, List.of(StackPort.CHAT))).containsExactly("Port " + port
                    + " (chat-service-2) is already in use; set PARLEY_CHAT_PORT to another port (chat-service-N"
                    + " listens on PARLEY_CHAT_PORT + N - 1).");
        }
    }

    @Test
    void freePortsLeaveRoomForEveryChatInstance() {
        StackSettings settings = settingsWith(FreePorts.forEveryPart())
                .withChatInstances(StackSettings.MAX_CHAT_INSTANCES);

        assertThat(PortCheck.problems(settings, List.of(StackPort.values()))).isEmpty();
    }

    @Test
    void freePortsGiveNoProblems() {
        StackSettings settings = settingsWith(FreePorts.forEveryPart());

        assertThat(PortCheck.problems(settings, List.of(StackPort.values()))).isEmpty();
    }

    @Test
    void onlyTheAskedPortsAreChecked() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> environment = FreePorts.forEveryPart();
            environment.put("PARLEY_HTTPS_PORT", String.valueOf(taken.getLocalPort()));
            StackSettings settings = settingsWith(environment);

            assertThat(PortCheck.problems(settings, List.of(StackPort.KAFKA))).isEmpty();
        }
    }

    private static StackSettings settingsWith(Map<String, String> environment) {
        return StackSettings.fromEnvironment(environment, Path.of("."));
    }
}
