package dev.parley.stack;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.parley.infra.KafkaBroker;
import dev.parley.infra.LocalCertificateAuthority.CertificateFiles;

/**
 * The processes of the local stack and the environment each one gets. Only standard Quarkus variables (and a few of
 * Parley's own) are used, the same ones docker compose and Kubernetes set.
 */
final class ProcessPlan {

    static final String LOOPBACK = "127.0.0.1";
    static final String GATEWAY = "gateway";
    private static final String READINESS_PATH = "/q/health/ready";
    private static final String CHAT_INSTANCE_ID = "PARLEY_CHAT_INSTANCE_ID";

    private ProcessPlan() {
    }

    /** The four services in a fixed order (every instance of chat-service in turn), then the gateway. */
    static List<ProcessSpec> processes(StackSettings settings, Map<Service, Database> databases, Secrets secrets,
            String kafkaBootstrapServers, CertificateFiles certificates) {
        List<ProcessSpec> processes = new ArrayList<>();
        for (Service service : Service.values()) {
            Map<String, String> environment = serviceEnvironment(service, settings, databases.get(service), secrets,
                    kafkaBootstrapServers);
            for (ServiceInstance instance : settings.instances(service)) {
                processes.add(new ProcessSpec(instance.name(), moduleDirectory(settings, service.module()),
                        applicationJar(settings, service.module()), instanceEnvironment(instance, environment),
                        readiness(instance)));
            }
        }
        processes.add(new ProcessSpec(GATEWAY, moduleDirectory(settings, GATEWAY), applicationJar(settings, GATEWAY),
                gatewayEnvironment(settings, certificates, kafkaBootstrapServers, secrets),
                gatewayReadiness(settings)));
        return processes;
    }

    /**
     * Everything a service needs to run against the local infrastructure; {@code ./parley infra} prints the same for
     * running one service in dev mode.
     */
    static Map<String, String> serviceEnvironment(Service service, StackSettings settings, Database database,
            Secrets secrets, String kafkaBootstrapServers) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("QUARKUS_HTTP_HOST", LOOPBACK);
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(settings.port(service.port())));
        environment.put("QUARKUS_DATASOURCE_USERNAME", database.user());
        environment.put("QUARKUS_DATASOURCE_PASSWORD", database.password());
        environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl());
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        environment.putAll(kafkaLogin(service.module(), secrets));
        // every service verifies access tokens against auth-service's published keys (auth-service uses its own)
        environment.put("PARLEY_JWT_JWKS_URL", "http://" + LOOPBACK + ":" + settings.port(StackPort.AUTH)
                + "/.well-known/jwks.json");
        environment.put(StackSettings.HOME_VARIABLE, settings.home().root().toString());
        if (service == Service.AUTH || service == Service.CHAT) {
            // the web client's origin: the only one allowed to use the refresh cookie and to open the chat socket
            environment.put("PARLEY_" + service.name() + "_ALLOWED_ORIGINS", webClientOrigins(settings));
        }
        environment.putAll(service.extraEnvironment(settings.home(), secrets));
        return environment;
    }

    /** The service's environment, with the instance's own port and, for chat-service, its name. */
    private static Map<String, String> instanceEnvironment(ServiceInstance instance,
            Map<String, String> serviceEnvironment) {
        Map<String, String> environment = new LinkedHashMap<>(serviceEnvironment);
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(instance.port()));
        environment.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort(instance.port())));
        if (instance.service() == Service.CHAT) {
            // What presence-service and the logs tell the instances apart by; chat-service adds a suffix per start.
            environment.put(CHAT_INSTANCE_ID, instance.name());
        }
        return environment;
    }

    /** Every service's address; for chat-service every instance's, comma-separated, for the gateway to balance. */
    static Map<String, String> gatewayEnvironment(StackSettings settings, CertificateFiles certificates,
            String kafkaBootstrapServers, Secrets secrets) {
        String forwardingSecret = secrets.gatewayForwardingSecret();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PARLEY_GATEWAY_FORWARDING_SECRET", forwardingSecret);
        // the gateway reads ended sessions from Kafka, to refuse their tokens at the edge
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        environment.putAll(kafkaLogin(GATEWAY, secrets));
        environment.put("QUARKUS_HTTP_HOST", LOOPBACK);
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(settings.port(StackPort.HTTP)));
        environment.put("QUARKUS_HTTP_SSL_PORT", String.valueOf(settings.port(StackPort.HTTPS)));
        environment.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort(settings.port(StackPort.HTTPS))));
        environment.put("PARLEY_TLS_CERT_FILE", certificates.serverCertificate().toString());
        environment.put("PARLEY_TLS_KEY_FILE", certificates.serverKey().toString());
        for (Service service : Service.values()) {
            environment.put("PARLEY_GATEWAY_SERVICES_" + service.name(), settings.instances(service).stream()
                    .map(instance -> "http://" + LOOPBACK + ":" + instance.port())
                    .collect(Collectors.joining(",")));
        }
        return environment;
    }

    /** The Kafka client settings (as environment variables) that log a principal in to the stack's broker. */
    static Map<String, String> kafkaLogin(String principal, Secrets secrets) {
        Map<String, String> login = new LinkedHashMap<>();
        KafkaBroker.clientProperties(principal, secrets.kafkaPassword(principal)).forEach((key, value) -> login.put(
                "KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), String.valueOf(value)));
        return login;
    }

    /**
     * Health and metrics are served only on each process's management interface (plain HTTP, loopback), on its API
     * port + {@value #MANAGEMENT_PORT_OFFSET}: 9181 for auth-service's 8181, 9443 for the gateway's 8443.
     */
    static final int MANAGEMENT_PORT_OFFSET = 1000;

    static int managementPort(int apiPort) {
        return apiPort + MANAGEMENT_PORT_OFFSET;
    }

    static URI readiness(ServiceInstance instance) {
        return readinessFor(apiAddress(instance));
    }

    static URI gatewayReadiness(StackSettings settings) {
        return readinessFor(gatewayUrl(settings));
    }

    /** Where a service instance serves its API (what the gateway and endpoints.properties name). */
    static URI apiAddress(ServiceInstance instance) {
        return URI.create("http://" + LOOPBACK + ":" + instance.port());
    }

    /** The readiness check of the process whose API (or, for the gateway, HTTPS) port this address names. */
    static URI readinessFor(URI apiAddress) {
        return URI.create("http://" + LOOPBACK + ":" + managementPort(apiAddress.getPort()) + READINESS_PATH);
    }

    /** The origins of the web client: the gateway by the names its generated certificate is for. */
    static String webClientOrigins(StackSettings settings) {
        int port = settings.port(StackPort.HTTPS);
        return "https://localhost:" + port + ",https://127.0.0.1:" + port;
    }

    /** Where users open Parley: localhost, the name the generated certificate is for. */
    static URI gatewayUrl(StackSettings settings) {
        return URI.create("https://localhost:" + settings.port(StackPort.HTTPS));
    }

    static Path applicationJar(StackSettings settings, String module) {
        return moduleDirectory(settings, module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static Path moduleDirectory(StackSettings settings, String module) {
        return settings.repository().resolve(module);
    }
}
