package dev.parley.deploy;

import static dev.parley.deploy.Yaml.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml against the services it runs, with the settings of .env.example: the subset of the Compose
 * specification it may use, images built from each module's Dockerfile, environment variables the services read,
 * addresses of services and ports that exist, one database and user per service, start order by health, and the
 * gateway as the only service published beyond the host's loopback. Where a docker compose CLI is installed, its "config" must accept the file.
 */
class ComposeFileTest {

    private static final Set<String> TOP_LEVEL_KEYS = Set.of("name", "services", "volumes", "networks", "secrets",
            "configs");
    private static final Set<String> SERVICE_KEYS = Set.of("image", "build", "environment", "env_file", "volumes",
            "ports", "expose", "depends_on", "healthcheck", "restart", "entrypoint", "command", "networks", "user",
            "labels", "stop_grace_period", "deploy", "profiles");
    private static final Set<String> BUILD_KEYS = Set.of("context", "dockerfile", "args", "target");
    private static final Set<String> HEALTHCHECK_KEYS = Set.of("test", "interval", "timeout", "retries",
            "start_period", "start_interval", "disable");
    private static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy",
            "service_completed_successfully");
    private static final Set<String> RESTART_POLICIES = Set.of("no", "always", "on-failure", "unless-stopped");
    private static final Pattern INIT_DATABASE = Pattern.compile("^create_service_database (\\w+) \"\\$(\\w+)\"$",
            Pattern.MULTILINE);
    private static final Pattern VARIABLE_NAME = Pattern.compile("^\\$\\{(\\w+)");
    private static final int POSTGRES_PORT = 5432;

    private final Map<String, Object> compose = Compose.load(Compose.exampleSettings());
    private final Map<String, Object> services = map(compose.get("services"));

    @Test
    void usesOnlyKnownKeysAndVariablesThatTheExampleSettingsSet() {
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(compose.keySet()).allSatisfy(key -> assertThat(key)
                .satisfiesAnyOf(name -> assertThat(TOP_LEVEL_KEYS).contains(name), name -> assertThat(name).startsWith("x-")));
        softly.assertThat(Compose.exampleSettings().keySet()).as("variables in %s", Compose.EXAMPLE_SETTINGS)
                .containsAll(Compose.requiredVariables());
        services.forEach((name, value) -> {
            Map<String, Object> service = map(value);
            softly.assertThat(service.keySet()).as("keys of service %s", name).isSubsetOf(SERVICE_KEYS);
            softly.assertThat(service).as("service %s has an image", name).containsKey("image");
            softly.assertThat(map(service.get("build")).keySet()).as("build of %s", name).isSubsetOf(BUILD_KEYS);
            softly.assertThat(map(service.get("healthcheck")).keySet()).as("healthcheck of %s", name)
                    .isSubsetOf(HEALTHCHECK_KEYS);
            softly.assertThat(String.valueOf(service.getOrDefault("restart", "no"))).as("restart of %s", name)
                    .isIn(RESTART_POLICIES);
            softly.assertThat(service.get("environment")).as("environment of %s is a mapping", name)
                    .satisfiesAnyOf(environment -> assertThat(environment).isNull(),
                            environment -> assertThat(environment).isInstanceOf(Map.class));
            for (String volume : Yaml.strings(service.get("volumes"))) {
                String source = volume.split(":")[0];
                if (source.startsWith("./") && !source.equals("./deploy/certs")) {
                    softly.assertThat(Repository.path(source)).as("%s mounts %s", name, source).exists();
                } else if (!source.startsWith(".")) {
                    softly.assertThat(map(compose.get("volumes"))).as("volume %s of %s is declared", source, name)
                            .containsKey(source);
                }
            }
        });
        softly.assertAll();
    }

    @Test
    void everyApplicationModuleIsBuiltFromItsDockerfileAsItsImage() {
        SoftAssertions softly = new SoftAssertions();
        for (String module : Repository.applicationModules()) {
            softly.assertThat(services).as("a compose service %s", module).containsKey(module);
            Map<String, Object> service = map(services.get(module));
            softly.assertThat(Yaml.string(service, "build.context")).as("%s builds from the repository root", module)
                    .isEqualTo(".");
            softly.assertThat(Yaml.string(service, "build.dockerfile")).as("%s Dockerfile", module)
                    .isEqualTo(ServiceModule.dockerfile(module));
            softly.assertThat(Kustomize.ImageReference.parse(String.valueOf(service.get("image"))).repository())
                    .as("%s image", module).isEqualTo("parley/" + module);
        }
        softly.assertAll();
    }

    @Test
    void everyEnvironmentVariableOfAServiceIsOneItReads() {
        SoftAssertions softly = new SoftAssertions();
        for (String name : applicationServices()) {
            ConfigNames reads = ConfigNames.of(moduleOf(name).orElseThrow());
            for (String variable : environment(name).keySet()) {
                softly.assertThat(reads.reads(variable)).as("compose sets %s on %s, which reads no such setting", variable,
                        name).isTrue();
            }
        }
        softly.assertAll();
    }

    @Test
    void addressesNameComposeServicesAndPortsTheyListenOn() {
        SoftAssertions softly = new SoftAssertions();
        for (String module : applicationServices()) {
            environment(module).forEach((variable, value) -> {
                for (Addresses.Address address : Addresses.in(value)) {
                    String what = module + " " + variable + "=" + value;
                    softly.assertThat(services).as("%s: a compose service %s", what, address.host())
                            .containsKey(address.host());
                    softly.assertThat(portsOf(address.host())).as("%s: %s listens on %s", what, address.host(),
                            address.port()).contains(address.port());
                }
            });
            ServiceModule service = serviceOf(module);
            service.database().ifPresent(database -> {
                softly.assertThat(database).as("%s database", module)
                        .isEqualTo(ServiceModule.of(service.module(), Map.of()).database().orElseThrow());
                softly.assertThat(environment(module).get("QUARKUS_DATASOURCE_USERNAME")).as("%s user", module)
                        .isEqualTo(database);
            });
        }
        softly.assertAll();
    }

    @Test
    void browsersAreAllowedFromThePublicOriginOnly() {
        Map<String, Object> raw = map(Yaml.loadAll(Repository.read(Compose.FILE), Compose.FILE).get(0).get("services"));
        int origins = 0;
        for (String module : applicationServices()) {
            for (Map.Entry<String, Object> variable : map(Yaml.at(map(raw.get(module)), "environment")).entrySet()) {
                if (variable.getKey().endsWith("_ALLOWED_ORIGINS")) {
                    assertThat(variableOf(variable.getValue())).as("%s %s", module, variable.getKey())
                            .contains("PARLEY_PUBLIC_ORIGIN");
                    origins++;
                }
            }
        }
        assertThat(origins).as("services with an allowed origin").isPositive();
        assertThat(Compose.exampleSettings().get("PARLEY_PUBLIC_ORIGIN"))
                .isEqualTo("https://localhost" + (Compose.exampleSettings().get("PARLEY_HTTPS_PORT").equals("443")
                        ? "" : ":" + Compose.exampleSettings().get("PARLEY_HTTPS_PORT")));
    }

    @Test
    void postgresCreatesOneDatabaseAndUserPerServiceWithTheServicesPassword() {
        Map<String, String> passwordVariables = new TreeMap<>();
        Matcher lines = INIT_DATABASE.matcher(Repository.read("deploy/compose/postgres/init-databases.sh"));
        while (lines.find()) {
            passwordVariables.put(lines.group(1), lines.group(2));
        }
        Map<String, Object> raw = Yaml.loadAll(Repository.read(Compose.FILE), Compose.FILE).get(0);
        Map<String, Object> postgresEnvironment = map(Yaml.at(raw, "services.postgres.environment"));
        Map<String, String> databases = new TreeMap<>();
        for (String module : applicationServices()) {
            ServiceModule.of(moduleOf(module).orElseThrow(), Map.of()).database()
                    .ifPresent(database -> databases.putIfAbsent(database, module));
        }

        assertThat(passwordVariables.keySet()).isEqualTo(databases.keySet());
        passwordVariables.forEach((database, variable) -> {
            assertThat(variableOf(postgresEnvironment.get(variable)))
                    .as("postgres gets %s from .env", variable).contains(variable);
            String module = databases.get(database);
            assertThat(variableOf(Yaml.at(raw, "services." + module + ".environment")
                    instanceof Map<?, ?> environment ? environment.get("QUARKUS_DATASOURCE_PASSWORD") : null))
                    .as("%s's database password is the one its user is created with", module).contains(variable);
        });
    }

    @Test
    void servicesStartInOrderOfHealth() {
        SoftAssertions softly = new SoftAssertions();
        services.forEach((name, value) -> map(map(value).get("depends_on")).forEach((target, dependency) -> {
            String condition = String.valueOf(map(dependency).get("condition"));
            softly.assertThat(condition).as("%s waits for %s", name, target).isIn(CONDITIONS);
            if (condition.equals("service_healthy")) {
                softly.assertThat(hasHealthCheck(target)).as("%s has a health check to wait for", target).isTrue();
            }
        }));
        for (String module : applicationServices()) {
            Map<String, Object> dependsOn = map(map(services.get(module)).get("depends_on"));
            softly.assertThat(hasHealthCheck(module)).as("%s has a health check", module).isTrue();
            for (String host : hostsNamedBy(module)) {
                // An optional service (in a profile, such as jaeger) may not run at all, so nothing can wait for it.
                if (!map(services.get(host)).containsKey("profiles")) {
                    softly.assertThat(startsAfter(module, host)).as("%s starts after %s", module, host).isTrue();
                }
            }
            if (usesKafka(module)) {
                softly.assertThat(dependsOn).as("%s starts after the Kafka users, ACLs and topics exist", module)
                        .containsKey("kafka-setup");
            }
        }
        softly.assertAll();
    }

    @Test
    void onlyTheGatewayPublishesPortsOnThePortsItListensOnWithItsCertificateMounted() {
        services.forEach((name, value) -> {
            if (!name.equals("gateway")) {
                // Other services may publish on the Docker host's loopback only (jaeger's UI), out of the network's reach.
                assertThat(Yaml.strings(map(value).get("ports"))).as("%s publishes ports beyond the host's loopback", name)
                        .allSatisfy(mapping -> assertThat(mapping).startsWith("127.0.0.1:"));
            }
        });
        Map<String, Object> gateway = map(services.get("gateway"));
        Set<Integer> published = new TreeSet<>();
        for (String mapping : Yaml.strings(gateway.get("ports"))) {
            published.add(Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1)));
        }
        Map<String, String> environment = environment("gateway");

        Set<Integer> publicPorts = new TreeSet<>(KubernetesManifestsTest.listeningPorts(serviceOf("gateway")));
        publicPorts.remove(ServiceModule.MANAGEMENT.port());
        assertThat(published).as("the gateway's ports but its management interface").isEqualTo(publicPorts);
        for (String file : List.of("PARLEY_TLS_CERT_FILE", "PARLEY_TLS_KEY_FILE")) {
            assertThat(Yaml.strings(gateway.get("volumes"))).as("the folder of %s is mounted", file)
                    .anySatisfy(volume -> assertThat(environment.get(file)).startsWith(volume.split(":")[1] + "/"));
        }
        assertThat(Repository.read("deploy/make-certs.sh")).as("make-certs.sh writes where compose mounts from")
                .contains("folder=${1:-" + Compose.exampleSettings().get("PARLEY_TLS_DIR").replaceFirst("^\\./", "") + "}");
    }

    @Test
    void dockerComposeConfigAcceptsItWithTheExampleSettings(@TempDir Path folder) throws IOException {
        List<String> command = Commands.available("docker", "compose", "version") ? List.of("docker", "compose")
                : Commands.available("docker-compose", "version") ? List.of("docker-compose") : List.of();
        assumeTrue(!command.isEmpty(), "neither docker compose nor docker-compose is installed: "
                + "only the Java-side checks ran");
        Path settings = folder.resolve("example.env");
        StringBuilder text = new StringBuilder();
        Compose.exampleSettings().forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        Files.writeString(settings, text);
        List<String> config = new ArrayList<>(command);
        config.addAll(List.of("--env-file", settings.toString(), "-f", Compose.FILE, "config", "-q"));

        Commands.Result result = Commands.run(Repository.ROOT, config);

        assertThat(result.exitCode()).as("%s: %s", String.join(" ", config), result.errors()).isZero();
    }

    /** The compose services that run a Parley module (chat-service runs as several), by the image they run. */
    @Test
    void followsTheComposeSpecification() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode specification = (ObjectNode) json.readTree(
                Repository.read("deploy-checks/src/test/resources/compose-spec/compose-spec.json"));
        // Its $schema names draft-07 by an address the validator would fetch, and its $id is relative: the dialect is
        // given here instead, and its references are all within the file.
        specification.remove("$schema");
        specification.remove("$id");
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(specification);

        assertThat(schema.validate(json.valueToTree(compose))).extracting(ValidationMessage::getMessage).isEmpty();
        ObjectNode misspelt = json.valueToTree(compose);
        ((ObjectNode) misspelt.path("services").path("kafka")).put("restart_policy", "always");
        assertThat(schema.validate(misspelt)).as("the schema refuses keys it does not define").isNotEmpty();
    }

    @Test
    void everyPoolFitsIntoPostgresConnections() {
        List<String> command = Yaml.strings(map(services.get("postgres")).get("command"));
        int maxConnections = command.stream().filter(argument -> argument.startsWith("max_connections="))
                .map(argument -> Integer.parseInt(argument.substring("max_connections=".length()))).findFirst()
                .orElse(100);
        int needed = applicationServices().stream().mapToInt(name -> ConnectionBudget.perInstance(serviceOf(name)))
                .sum();

        assertThat(needed).as("connections the compose services may open, against max_connections %s less %s reserved",
                maxConnections, ConnectionBudget.SUPERUSER_RESERVED)
                .isPositive().isLessThanOrEqualTo(maxConnections - ConnectionBudget.SUPERUSER_RESERVED);
    }

    private List<String> applicationServices() {
        return services.keySet().stream().filter(name -> moduleOf(name).isPresent()).toList();
    }

    private Optional<String> moduleOf(String service) {
        String repository = Kustomize.ImageReference.parse(String.valueOf(map(services.get(service)).get("image")))
                .repository();
        return Repository.applicationModules().stream().filter(module -> repository.equals("parley/" + module))
                .findFirst();
    }

    private Map<String, String> environment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        map(map(services.get(service)).get("environment"))
                .forEach((name, value) -> environment.put(name, String.valueOf(value)));
        return environment;
    }

    private ServiceModule serviceOf(String service) {
        String module = moduleOf(service).orElseThrow();
        Map<String, String> environment = new LinkedHashMap<>(ServiceModule.dockerfileEnvironment(module));
        environment.putAll(environment(service));
        return ServiceModule.of(module, environment);
    }

    /**
     * The ports a compose service listens on: a Parley module's, the broker's advertised ones, PostgreSQL's, and
     * those another service says it exposes.
     */
    private Set<Integer> portsOf(String host) {
        if (!services.containsKey(host)) {
            return Set.of();
        }
        if (moduleOf(host).isPresent()) {
            return KubernetesManifestsTest.listeningPorts(serviceOf(host));
        }
        Set<Integer> ports = new TreeSet<>();
        Yaml.strings(map(services.get(host)).get("expose")).forEach(port -> ports.add(Integer.parseInt(port)));
        String advertised = String.valueOf(map(map(services.get(host)).get("environment")).get("KAFKA_ADVERTISED_LISTENERS"));
        Matcher listeners = Pattern.compile("//" + Pattern.quote(host) + ":(\\d+)").matcher(advertised);
        while (listeners.find()) {
            ports.add(Integer.parseInt(listeners.group(1)));
        }
        if (String.valueOf(map(services.get(host)).get("image")).startsWith("postgres:")) {
            ports.add(POSTGRES_PORT);
        }
        return ports;
    }

    private Set<String> hostsNamedBy(String module) {
        Set<String> hosts = new TreeSet<>();
        environment(module).values()
                .forEach(value -> Addresses.in(value).forEach(address -> hosts.add(address.host())));
        return hosts;
    }

    /** Whether a service waits, directly or through the services it waits for, for another one. */
    private boolean startsAfter(String service, String other) {
        Map<String, Object> dependsOn = map(map(services.get(service)).get("depends_on"));
        return dependsOn.containsKey(other) || dependsOn.keySet().stream().anyMatch(next -> startsAfter(next, other));
    }

    private boolean usesKafka(String module) {
        return environment(module).containsKey("KAFKA_BOOTSTRAP_SERVERS");
    }

    private boolean hasHealthCheck(String service) {
        Map<String, Object> definition = map(services.get(service));
        if (definition.containsKey("healthcheck")) {
            return !Boolean.TRUE.equals(map(definition.get("healthcheck")).get("disable"));
        }
        return moduleOf(service).isPresent()
                && Repository.read(ServiceModule.dockerfile(moduleOf(service).orElseThrow())).contains("\nHEALTHCHECK ");
    }

    private static Optional<String> variableOf(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher matcher = VARIABLE_NAME.matcher(value.toString());
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
