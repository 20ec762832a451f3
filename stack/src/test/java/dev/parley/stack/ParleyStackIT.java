package dev.parley.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.client.api.ApiTransport;
import dev.parley.client.api.AuthClient;
import dev.parley.client.crypto.DeviceId;
import dev.parley.contracts.Topics;
import dev.parley.infra.PostgresServer.Durability;
import dev.parley.stack.LocalStack.Scope;

/**
 * The whole local stack, as {@code ./parley up --chat-instances 3} runs it (durable PostgreSQL included), on free ports
 * in a fresh data folder. Needs every service and the gateway packaged ({@code <module>/target/quarkus-app}), which a
 * full {@code ./mvnw verify} does before it gets here: stack is the last module.
 */
class ParleyStackIT {

    /** Six Quarkus applications starting at once on two cores, during a full build, can take a while. */
    private static final String START_TIMEOUT_SECONDS = "300";
    private static final int CHAT_INSTANCES = 3;
    private static final int SOCKETS_PER_INSTANCE = 4;
    private static final Pattern OPEN_SOCKETS = Pattern.compile("(?m)^parley_chat_sockets_open(?:\\{[^}]*})? (\\S+)$");

    @TempDir
    Path home;

    @Test
    void theGatewayAnswersFromAuthServiceAndStoppingLeavesNothingRunning() throws Exception {
        StackSettings settings = StackSettings.fromEnvironment(environment(), repository()).withChatInstances(CHAT_INSTANCES);
        InfrastructureLogging.sendTo(settings.home().infrastructureLog());
        List<ProcessHandle> processes;

        try (LocalStack stack = new LocalStack(settings, Scope.EVERYTHING, Durability.DURABLE, System.out)) {
            stack.start();
            processes = stack.processes().stream().map(ChildProcess::handle).toList();
            assertThat(stack.processes()).extracting(ChildProcess::name).containsExactly("auth-service",
                    "friend-service", "presence-service", "chat-service", "chat-service-2", "chat-service-3", "gateway");
            assertThat(processes).allMatch(ProcessHandle::isAlive);
            assertEveryTopicExists(stack.kafkaBootstrapServers(), stack.kafkaAdminProperties());

            HttpClient client = HttpClient.newBuilder()
                    .sslContext(HealthProbe.trusting(stack.certificates().caCertificate()))
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            // prelogin is public (no token at the edge) and only auth-service knows the answer
            URI prelogin = stack.gatewayUrl().resolve("/api/auth/prelogin");

            HttpResponse<String> answer = post(client, prelogin, "{\"username\":\"nobody42\"}");
            assertThat(answer.statusCode()).as("auth-service's answer, passed on by the gateway").isEqualTo(200);
            assertThat(answer.body()).contains("\"kdfIterations\":600000");

            theGatewaySpreadsSocketsOverEveryChatInstance(stack, client);

            // Without auth-service the same request fails at the gateway: the answer was auth-service's.
            ChildProcess auth = stack.processes().stream()
                    .filter(process -> process.name().equals(Service.AUTH.module()))
                    .findFirst().orElseThrow();
            assertThat(Processes.stop(List.of(auth.handle()), ChildProcesses.GRACE)).isEmpty();
            assertThat(post(client, prelogin, "{\"username\":\"nobody42\"}").statusCode())
                    .as("the gateway's answer while auth-service is down")
                    .isBetween(502, 504);
        }

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(processesUsing(home)).as("PostgreSQL and anything else still using the data folder").isEmpty();
    }

    /**
     * A user's devices open sockets through the gateway one after the other; each chat-service instance, asked on its
     * own management port, holds its share.
     */
    private static void theGatewaySpreadsSocketsOverEveryChatInstance(LocalStack stack, HttpClient client)
            throws Exception {
        AuthClient auth = new AuthClient(new ApiTransport(stack.gatewayUrl(), client));
        auth.signUp("spread1", "Spread#2026x", "Spread#2026x", 600_000);
        AuthClient.Session session = auth.login("spread1", "Spread#2026x");
        List<WebSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < CHAT_INSTANCES * SOCKETS_PER_INSTANCE; i++) {
                URI socket = URI.create("wss://" + stack.gatewayUrl().getAuthority() + "/ws/chat?device="
                        + DeviceId.random().toBase64Url());
                sockets.add(client.newWebSocketBuilder()
                        .header("Authorization", "Bearer " + session.accessToken())
                        .buildAsync(socket, new WebSocket.Listener() {
                        })
                        .get(30, TimeUnit.SECONDS));
            }
            Map<String, Integer> perInstance = new LinkedHashMap<>();
            for (ServiceInstance chat : stack.settings().instances(Service.CHAT)) {
                perInstance.put(chat.name(), openSockets(client, chat));
            }
            System.out.println("Sockets per chat-service instance: " + perInstance);
            assertThat(perInstance).hasSize(CHAT_INSTANCES).allSatisfy((instance, open) -> assertThat(open)
                    .as("sockets open on %s", instance).isEqualTo(SOCKETS_PER_INSTANCE));
        } finally {
            sockets.forEach(WebSocket::abort);
        }
    }

    /** The instance's own count of open sockets, from its metrics on the management port. */
    private static int openSockets(HttpClient client, ServiceInstance chat) throws IOException, InterruptedException {
        URI metrics = URI.create("http://127.0.0.1:" + ProcessPlan.managementPort(chat.port()) + "/q/metrics");
        String body = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher gauge = OPEN_SOCKETS.matcher(body);
        assertThat(gauge.find()).as("parley_chat_sockets_open in %s", metrics).isTrue();
        return (int) Double.parseDouble(gauge.group(1));
    }

    private Map<String, String> environment() {
        Map<String, String> environment = FreePorts.forEveryPart();
        environment.put(StackSettings.HOME_VARIABLE, home.toString());
        environment.put(StackSettings.START_TIMEOUT_VARIABLE, START_TIMEOUT_SECONDS);
        return environment;
    }

    /** The checkout whose packaged modules are started; failsafe passes it, as the parley script does. */
    private static Path repository() {
        return Path.of(System.getProperty("parley.root", ".."));
    }

    private static void assertEveryTopicExists(String bootstrapServers, Map<String, Object> adminLogin)
            throws Exception {
        Map<String, Object> config = new java.util.HashMap<>(adminLogin);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).containsAll(Topics.ALL.stream().map(Topics.TopicSpec::name).toList());

            List<ConfigResource> resources = Topics.ALL.stream()
                    .map(spec -> new ConfigResource(ConfigResource.Type.TOPIC, spec.name()))
                    .toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            for (Topics.TopicSpec spec : Topics.ALL) {
                String policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()))
                        .get("cleanup.policy").value();
                assertThat(policy).as(spec.name()).isEqualTo(spec.compacted() ? "compact" : "delete");
            }
        }
    }

    private static HttpResponse<String> post(HttpClient client, URI uri, String json)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static List<String> processesUsing(Path folder) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.pid() != ProcessHandle.current().pid())
                .map(process -> process.info().commandLine().orElse(""))
                .filter(commandLine -> commandLine.contains(folder.toString()))
                .collect(Collectors.toList());
    }
}
