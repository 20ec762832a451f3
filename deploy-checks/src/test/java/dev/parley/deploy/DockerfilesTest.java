package dev.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each application module's image: the Maven build's fast-jar on a JRE 17, unprivileged, with its ports and health. */
class DockerfilesTest {

    private static final Pattern HEALTH_URL =
            Pattern.compile("(https?)://127\\.0\\.0\\.1:\\$\\{([A-Z_]+):-(\\d+)}(/\\S*?)[\"\\s]");

    static Stream<String> modules() {
        return Repository.applicationModules().stream();
    }

    @Test
    void everyApplicationModuleHasADockerfile() {
        assertThat(Repository.applicationModules()).isNotEmpty()
                .allSatisfy(module -> assertThat(ServiceModule.hasDockerfile(module))
                        .as("%s has %s", module, ServiceModule.dockerfile(module)).isTrue());
    }

    @ParameterizedTest
    @MethodSource("modules")
    void imageRunsTheFastJarOnAJre17AsAnUnprivilegedUser(String module) {
        String dockerfile = instructions(module);
        List<String> users = lines(dockerfile, "USER");

        assertThat(lines(dockerfile, "FROM")).singleElement().asString().containsPattern("jre").contains("17");
        assertThat(users).as("USER").isNotEmpty();
        assertThat(users.get(users.size() - 1).split(":")[0]).as("last USER").isNotIn("root", "0");
        assertThat(lines(dockerfile, "COPY")).as("COPY of the fast-jar").contains(
                "target/quarkus-app/lib/ /deployments/lib/",
                "target/quarkus-app/quarkus-run.jar /deployments/",
                "target/quarkus-app/app/ /deployments/app/",
                "target/quarkus-app/quarkus/ /deployments/quarkus/");
        assertThat(lines(dockerfile, "ENTRYPOINT")).singleElement().asString().contains("/deployments/quarkus-run.jar");
        assertThat(ServiceModule.properties(module).getProperty("quarkus.package.jar.type", "fast-jar"))
                .as("%s packages a fast-jar", module).isEqualTo("fast-jar");
    }

    @ParameterizedTest
    @MethodSource("modules")
    void imageExposesThePortsTheServiceListensOnAndChecksItsReadiness(String module) {
        String dockerfile = instructions(module);
        Map<String, String> environment = ServiceModule.dockerfileEnvironment(module);
        ServiceModule service = ServiceModule.of(module, environment);
        Set<Integer> exposed = new TreeSet<>();
        lines(dockerfile, "EXPOSE").forEach(line -> Stream.of(line.split("\\s+")).map(Integer::parseInt)
                .forEach(exposed::add));

        assertThat(environment).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
        assertThat(exposed).isEqualTo(KubernetesManifestsTest.listeningPorts(service));
        String healthCheck = lines(dockerfile, "HEALTHCHECK").stream().findFirst().orElse("") + " ";
        Matcher url = HEALTH_URL.matcher(healthCheck);
        assertThat(url.find()).as("HEALTHCHECK requests http(s)://127.0.0.1:${PORT_VARIABLE:-port}/path: %s", healthCheck)
                .isTrue();
        ServiceModule.Endpoint health = service.healthEndpoint();
        assertThat(url.group(1).toUpperCase()).as("health check scheme").isEqualTo(health.scheme());
        assertThat(Integer.parseInt(url.group(3))).as("health check port").isEqualTo(health.port());
        assertThat(url.group(2)).as("the variable that moves the port")
                .isEqualTo(health.scheme().equals("HTTPS") ? "QUARKUS_HTTP_SSL_PORT" : "QUARKUS_HTTP_PORT");
        assertThat(url.group(4)).as("health check path").isEqualTo(service.readinessPath());
    }

    @ParameterizedTest
    @MethodSource("modules")
    void imageSetsOnlyVariablesTheServiceReads(String module) {
        ConfigNames reads = ConfigNames.of(module);

        assertThat(ServiceModule.dockerfileEnvironment(module).keySet())
                .allSatisfy(variable -> assertThat(reads.reads(variable)).as("%s reads %s", module, variable).isTrue());
    }

    /** The Dockerfile without comments, continuation lines joined. */
    private static String instructions(String module) {
        return Repository.read(ServiceModule.dockerfile(module)).replaceAll("(?m)^#.*\\n", "").replace("\\\n", " ");
    }

    private static List<String> lines(String dockerfile, String instruction) {
        return Stream.of(dockerfile.split("\\n"))
                .filter(line -> line.startsWith(instruction + " "))
                .map(line -> line.substring(instruction.length()).strip().replaceAll("\\s+", " "))
                .toList();
    }
}
