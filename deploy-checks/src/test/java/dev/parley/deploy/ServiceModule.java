package dev.parley.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a deployed module serves, read from its application.properties and POM at test time, under the
 * environment a deployment gives it (environment variables override properties, as in Quarkus).
 */
record ServiceModule(String module, Properties properties, Map<String, String> environment) {

    static ServiceModule of(String module, Map<String, String> environment) {
        return new ServiceModule(module, properties(module), environment);
    }

    static Properties properties(String module) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Repository.read(module + "/src/main/resources/application.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static String dockerfile(String module) {
        return module + "/src/main/docker/Dockerfile.jvm";
    }

    static boolean hasDockerfile(String module) {
        return Files.isRegularFile(Repository.path(dockerfile(module)));
    }

    /** A property as the production profile sees it: the environment, then %prod., then the plain key. */
    Optional<String> setting(String property) {
        String fromEnvironment = environment.get(ConfigNames.environmentName(property));
        if (fromEnvironment != null) {
            return Optional.of(fromEnvironment);
        }
        return Optional.ofNullable(properties.getProperty("%prod." + property, properties.getProperty(property)));
    }

    int httpPort() {
        return Integer.parseInt(setting("quarkus.http.port").orElse("8080"));
    }

    /** The HTTPS port, for a module that has a TLS certificate configured. */
    Optional<Integer> httpsPort() {
        boolean tls = properties.stringPropertyNames().stream()
                .anyMatch(key -> key.startsWith("quarkus.tls.") && key.contains("key-store")
                        || key.startsWith("quarkus.http.ssl.certificate"));
        return tls ? Optional.of(Integer.parseInt(setting("quarkus.http.ssl-port").orElse("8443"))) : Optional.empty();
    }

    /**
     * Where every Parley module serves health and metrics in a deployment: Quarkus' management interface, plain HTTP
     * on port 9000, so that the main port (public through the gateway) answers 404 on /q/*. The manifests, images and
     * compose file are built on this; ManagementInterfaceTest checks a module's own settings do not contradict it.
     */
    static final Endpoint MANAGEMENT = new Endpoint("HTTP", 9000);
    static final String MANAGEMENT_PORT_NAME = "management";

    /** The port and scheme health and metrics are served on: the management interface. */
    Endpoint healthEndpoint() {
        return MANAGEMENT;
    }

    boolean hasHealth() {
        return Repository.read(module + "/pom.xml").contains("<artifactId>quarkus-smallrye-health</artifactId>");
    }

    String livenessPath() {
        return healthPath("liveness-path", "live");
    }

    String readinessPath() {
        return healthPath("readiness-path", "ready");
    }

    String startupPath() {
        return healthPath("startup-path", "started");
    }

    /** SmallRye Health's paths on the management interface: each relative to the health root, itself under /q. */
    private String healthPath(String property, String defaultPath) {
        String nonApplicationRoot = setting("quarkus.management.root-path").orElse("/q");
        String healthRoot = resolve(nonApplicationRoot, setting("quarkus.smallrye-health.root-path").orElse("health"));
        return resolve(healthRoot, setting("quarkus.smallrye-health." + property).orElse(defaultPath));
    }

    private static String resolve(String base, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        return (base.endsWith("/") ? base : base + "/") + path;
    }

    /** The database named in the reactive datasource URL, if the module has one. */
    Optional<String> database() {
        return setting("quarkus.datasource.reactive.url").map(url -> URI.create(url).getPath().substring(1));
    }

    boolean usesKafka() {
        return setting("kafka.bootstrap.servers").isPresent();
    }

    /** The JWKS address of a module that verifies tokens issued by auth-service. */
    Optional<String> jwksUrl() {
        return setting("parley.jwt.jwks-url");
    }

    /** Names set by ENV lines of the module's Dockerfile, which the module then reads too. */
    static Map<String, String> dockerfileEnvironment(String module) {
        Map<String, String> environment = new LinkedHashMap<>();
        String dockerfile = Repository.read(dockerfile(module)).replace("\\\n", " ");
        Matcher lines = Pattern.compile("^ENV\\s+(.*)$", Pattern.MULTILINE).matcher(dockerfile);
        Pattern assignment = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");
        while (lines.find()) {
            Matcher pairs = assignment.matcher(lines.group(1));
            while (pairs.find()) {
                environment.put(pairs.group(1), pairs.group(2).replaceAll("^\"|\"$", ""));
            }
        }
        return environment;
    }

    /** A scheme and a port. */
    record Endpoint(String scheme, int port) {
    }
}
