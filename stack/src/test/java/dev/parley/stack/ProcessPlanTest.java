package dev.parley.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.infra.LocalCertificateAuthority.CertificateFiles;

class ProcessPlanTest {

    private static final Path REPOSITORY = Path.of("/repo");
    private static final StackSettings SETTINGS = StackSettings.fromEnvironment(Map.of(
            "PARLEY_HOME", "/data/parley",
            "PARLEY_AUTH_PORT", "9181",
            "PARLEY_POSTGRES_PORT", "25432"), REPOSITORY);
    private static final CertificateFiles CERTIFICATES = new CertificateFiles(Path.of("/data/parley/certs/ca.crt"),
            Path.of("/data/parley/certs/server.crt"), Path.of("/data/parley/certs/server.key"));
    private static final String KAFKA = "127.0.0.1:19092";

    @TempDir
    Path folder;

    private Secrets secrets;

    @BeforeEach
    void generateSecrets() {
        secrets = Secrets.load(folder.resolve("secrets.properties"));
    }

    @Test
    void aServiceGetsItsPortItsOwnDatabaseKafkaTheTokenKeysAndTheHome() {
        Map<String, String> environment = ProcessPlan.serviceEnvironment(Service.CHAT, SETTINGS,
                database(Service.CHAT), secrets, KAFKA);

        assertThat(environment).containsOnly(
                entry("QUARKUS_HTTP_HOST", "127.0.0.1"),
                entry("QUARKUS_HTTP_PORT", "8184"),
                entry("QUARKUS_DATASOURCE_USERNAME", "chat"),
                entry("QUARKUS_DATASOURCE_PASSWORD", "secret-chat"),
                entry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:25432/chat"),
                entry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:25432/chat"),
                entry("KAFKA_BOOTSTRAP_SERVERS", KAFKA),
                entry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
                entry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
                entry("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"chat-service\" password=\"" + secrets.kafkaPassword("chat-service") + "\";"),
                entry("PARLEY_JWT_JWKS_URL", "http://127.0.0.1:9181/.well-known/jwks.json"),
                entry("PARLEY_HOME", "/data/parley"),
                entry("PARLEY_CHAT_ALLOWED_ORIGINS", "https://localhost:8443,https://127.0.0.1:8443"));
    }

    @Test
    void onlyTheWebClientsOriginMayUseTheRefreshCookie() {
        Map<String, String> environment = ProcessPlan.serviceEnvironment(Service.AUTH, SETTINGS,
                database(Service.AUTH), secrets, KAFKA);

        assertThat(environment).containsEntry("PARLEY_AUTH_ALLOWED_ORIGINS",
                "https://localhost:8443,https://127.0.0.1:8443");
        assertThat(ProcessPlan.serviceEnvironment(Service.FRIEND, SETTINGS, database(Service.FRIEND), secrets, KAFKA))
                .doesNotContainKey("PARLEY_FRIEND_ALLOWED_ORIGINS");
    }

    @Test
    void authServiceKeepsItsSigningKeysInTheHome() {
        Map<String, String> environment = ProcessPlan.serviceEnvironment(Service.AUTH, SETTINGS,
                database(Service.AUTH), secrets, KAFKA);

        assertThat(environment).containsEntry("PARLEY_AUTH_JWT_KEY_DIR", "/data/parley/auth-keys");
    }

    @Test
    void friendServiceGetsItsAtRestKeysFromTheSecretsEveryTime() {
        Map<String, String> first = ProcessPlan.serviceEnvironment(Service.FRIEND, SETTINGS,
                database(Service.FRIEND), secrets, KAFKA);
        Map<String, String> later = ProcessPlan.serviceEnvironment(Service.FRIEND, SETTINGS,
                database(Service.FRIEND), Secrets.load(folder.resolve("secrets.properties")), KAFKA);

        assertThat(first).containsEntry("PARLEY_FRIEND_ENCRYPTION_CURRENT_KEY_ID", "local1")
                .containsKeys("PARLEY_FRIEND_ENCRYPTION_KEYS_LOCAL1", "PARLEY_FRIEND_INDEX_KEY");
        assertThat(first.get("PARLEY_FRIEND_INDEX_KEY"))
                .isNotEqualTo(first.get("PARLEY_FRIEND_ENCRYPTION_KEYS_LOCAL1"));
        assertThat(later).isEqualTo(first);
    }

    @Test
    void everyServiceHasADatabaseAndRoleOfItsOwn() {
        assertThat(List.of(Service.values())).extracting(Service::database)
                .containsExactly("auth", "friend", "presence", "chat");
        assertThat(List.of(Service.values())).allSatisfy(s -> assertThat(s.role()).isEqualTo(s.database()));
    }

    @Test
    void eachServiceLogsInToKafkaAsItselfWithItsOwnPassword() {
        Map<String, String> chat = ProcessPlan.serviceEnvironment(Service.CHAT, SETTINGS, database(Service.CHAT), secrets,
                KAFKA);
        Map<String, String> auth = ProcessPlan.serviceEnvironment(Service.AUTH, SETTINGS, database(Service.AUTH), secrets,
                KAFKA);

        assertThat(chat).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        assertThat(chat.get("KAFKA_SASL_JAAS_CONFIG")).contains("username=\"chat-service\"")
                .contains(secrets.kafkaPassword("chat-service"));
        assertThat(auth.get("KAFKA_SASL_JAAS_CONFIG")).contains("username=\"auth-service\"")
                .doesNotContain(secrets.kafkaPassword("chat-service"));
    }

    @Test
    void theGatewayGetsBothPortsTheCertificateAndEveryServiceAddress() {
        Map<String, String> environment = ProcessPlan.gatewayEnvironment(SETTINGS, CERTIFICATES, "127.0.0.1:19092", secrets);

        assertThat(environment).containsOnly(
                entry("PARLEY_GATEWAY_FORWARDING_SECRET", secrets.gatewayForwardingSecret()),
                entry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"),
                entry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
                entry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
                entry("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"gateway\" password=\"" + secrets.kafkaPassword("gateway") + "\";"),
                entry("QUARKUS_HTTP_HOST", "127.0.0.1"),
                entry("QUARKUS_HTTP_PORT", "8080"),
                entry("QUARKUS_MANAGEMENT_PORT", "9443"),
                entry("QUARKUS_HTTP_SSL_PORT", "8443"),
                entry("PARLEY_TLS_CERT_FILE", "/data/parley/certs/server.crt"),
                entry("PARLEY_TLS_KEY_FILE", "/data/parley/certs/server.key"),
                entry("PARLEY_GATEWAY_SERVICES_AUTH", "http://127.0.0.1:9181"),
                entry("PARLEY_GATEWAY_SERVICES_FRIEND", "http://127.0.0.1:8182"),
                entry("PARLEY_GATEWAY_SERVICES_PRESENCE", "http://127.0.0.1:8183"),
                entry("PARLEY_GATEWAY_SERVICES_CHAT", "http://127.0.0.1:8184"));
    }

    @Test
    void withThreeChatInstancesThreeChatProcessesRunOnPortsOfTheirOwnAndTheGatewayKnowsThemAll() {
        StackSettings threeChats = SETTINGS.withChatInstances(3);

        List<ProcessSpec> processes = ProcessPlan.processes(threeChats, databases(), secrets, KAFKA, CERTIFICATES);

        assertThat(processes).extracting(ProcessSpec::name).containsExactly("auth-service", "friend-service",
                "presence-service", "chat-service", "chat-service-2", "chat-service-3", "gateway");
        List<ProcessSpec> chats = processes.subList(3, 6);
        assertThat(chats).extracting(chat -> chat.environment().get("QUARKUS_HTTP_PORT"))
                .containsExactly("8184", "8185", "8186");
        assertThat(chats).extracting(chat -> chat.environment().get("PARLEY_CHAT_INSTANCE_ID"))
                .containsExactly("chat-service", "chat-service-2", "chat-service-3");
        assertThat(chats).extracting(ProcessSpec::readiness).containsExactly(
                URI.create("http://127.0.0.1:9184/q/health/ready"),
                URI.create("http://127.0.0.1:9185/q/health/ready"),
                URI.create("http://127.0.0.1:9186/q/health/ready"));
        assertThat(chats).allSatisfy(chat -> {
            assertThat(chat.jar()).isEqualTo(Path.of("/repo/chat-service/target/quarkus-app/quarkus-run.jar"));
            assertThat(chat.workingDirectory()).isEqualTo(Path.of("/repo/chat-service"));
            assertThat(withoutPortAndId(chat.environment())).isEqualTo(withoutPortAndId(chats.get(0).environment()));
        });
        assertThat(processes.get(6).environment()).containsEntry("PARLEY_GATEWAY_SERVICES_CHAT",
                "http://127.0.0.1:8184,http://127.0.0.1:8185,http://127.0.0.1:8186");
        assertThat(ProcessPlan.gatewayEnvironment(threeChats, CERTIFICATES, "127.0.0.1:19092", secrets))
                .isEqualTo(processes.get(6).environment())
                .containsEntry("PARLEY_GATEWAY_SERVICES_AUTH", "http://127.0.0.1:9181");
    }

    @Test
    void theServicesStartFromTheirModulesThenTheGateway() {
        List<ProcessSpec> processes = ProcessPlan.processes(SETTINGS, databases(), secrets, KAFKA, CERTIFICATES);

        assertThat(processes).extracting(ProcessSpec::name)
                .containsExactly("auth-service", "friend-service", "presence-service", "chat-service", "gateway");
        ProcessSpec chat = processes.get(3);
        assertThat(chat.workingDirectory()).isEqualTo(Path.of("/repo/chat-service"));
        assertThat(chat.jar()).isEqualTo(Path.of("/repo/chat-service/target/quarkus-app/quarkus-run.jar"));
        assertThat(chat.environment()).containsEntry("QUARKUS_DATASOURCE_USERNAME", "chat");
    }

    @Test
    void servicesAreReadyOnPlainHttpAndTheGatewayOnHttpsAtLocalhost() {
        List<ProcessSpec> processes = ProcessPlan.processes(SETTINGS, databases(), secrets, KAFKA, CERTIFICATES);

        assertThat(processes.get(0).readiness()).isEqualTo(URI.create("http://127.0.0.1:10181/q/health/ready"));
        assertThat(processes.get(4).readiness()).isEqualTo(URI.create("http://127.0.0.1:9443/q/health/ready"));
    }

    @Test
    void eachProcessRunsTheJarWithTheConfiguredJvmOptions() {
        ProcessSpec auth = ProcessPlan.processes(SETTINGS, databases(), secrets, KAFKA, CERTIFICATES).get(0);

        List<String> command = ChildProcess.command(auth, List.of("-Xmx384m"), Optional.empty());

        assertThat(command).endsWith("-Xmx384m", "-jar", "/repo/auth-service/target/quarkus-app/quarkus-run.jar");
        assertThat(Path.of(command.get(0))).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    @Test
    void withSetsidEachProcessGetsASessionOfItsOwn() {
        ProcessSpec auth = ProcessPlan.processes(SETTINGS, databases(), secrets, KAFKA, CERTIFICATES).get(0);

        List<String> command = ChildProcess.command(auth, List.of(), Optional.of(Path.of("/usr/bin/setsid")));

        assertThat(command.get(0)).isEqualTo("/usr/bin/setsid");
        assertThat(command.get(1)).endsWith("java");
    }

    /** Everything two instances of a service should share: the same database, Kafka, keys and home. */
    private static Map<String, String> withoutPortAndId(Map<String, String> environment) {
        Map<String, String> shared = new HashMap<>(environment);
        shared.remove("QUARKUS_HTTP_PORT");
        shared.remove("QUARKUS_MANAGEMENT_PORT");
        shared.remove("PARLEY_CHAT_INSTANCE_ID");
        return shared;
    }

    private static Map<Service, Database> databases() {
        Map<Service, Database> databases = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            databases.put(service, database(service));
        }
        return databases;
    }

    private static Database database(Service service) {
        String name = service.database();
        return new Database(name, service.role(), "secret-" + name, "jdbc:postgresql://127.0.0.1:25432/" + name,
                "postgresql://127.0.0.1:25432/" + name);
    }
}
