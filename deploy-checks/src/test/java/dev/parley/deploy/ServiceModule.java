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

    /** Whether plain HTTP serves the application (and its health) or only redirects to HTTPS or is closed. */
    boolean servesPlainHttp() {
        return httpsPort().isEmpty() || setting("quarkus.http.insecure-requests").orElse("enabled").equals("enabled");
    }

    /** The port and scheme health and metrics are served on: the management interface, else HTTPS when required. */
    Endpoint healthEndpoint() {
        if (Boolean.parseBoolean(setting("quarkus.management.enabled").orElse("false"))) {
            return new Endpoint(setting("quarkus.management.ssl-port").isPresent() ? "HTTPS" : "HTTP",
                    Integer.parseInt(setting("quarkus.management.port").orElse("9000")));
        }
        return servesPlainHttp() ? new Endpoint("HTTP", httpPort()) : new Endpoint("HTTPS", httpsPort().orElseThrow());
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

    /** SmallRye Health's paths: each is relative to the health root, which is relative to the non-application root. */
    private String healthPath(String property, String defaultPath) {
        String nonApplicationRoot;
        if (Boolean.parseBoolean(setting("quarkus.management.enabled").orElse("false"))) {
            nonApplicationRoot = setting("quarkus.management.root-path").orElse("/q");
        } else {
            nonApplicationRoot = resolve(setting("quarkus.http.root-path").orElse("/"),
                    setting("quarkus.http.non-application-root-path").orElse("q"));
        }
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
