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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.contracts.Topics;
import dev.parley.infra.PostgresServer.Durability;
import dev.parley.stack.LocalStack.Scope;

/**
 * The whole local stack, as {@code ./parley up --chat-instances 2} runs it (durable PostgreSQL included), on free ports
 * in a fresh data folder. Needs every service and the gateway packaged ({@code <module>/target/quarkus-app}), which a
 * full {@code ./mvnw verify} does before it gets here: stack is the last module.
 */
class ParleyStackIT {

    /** Six Quarkus applications starting at once on two cores, during a full build, can take a while. */
    private static final String START_TIMEOUT_SECONDS = "300";

    @TempDir
    Path home;

    @Test
    void theGatewayAnswersFromAuthServiceAndStoppingLeavesNothingRunning() throws Exception {
        StackSettings settings = StackSettings.fromEnvironment(environment(), repository()).withChatInstances(2);
        InfrastructureLogging.sendTo(settings.home().infrastructureLog());
        List<ProcessHandle> processes;

        try (LocalStack stack = new LocalStack(settings, Scope.EVERYTHING, Durability.DURABLE, System.out)) {
            stack.start();
            processes = stack.processes().stream().map(ChildProcess::handle).toList();
            assertThat(stack.processes()).extracting(ChildProcess::name).containsExactly("auth-service",
                    "friend-service", "presence-service", "chat-service", "chat-service-2", "gateway");
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
