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

/**
 * Each application module's image: built inside Docker with the Maven wrapper (dependencies cached apart from sources),
 * the fast-jar on a pinned JRE 17, unprivileged, with its ports and its health check on the management interface.
 */
class DockerfilesTest {

    /** A registry image with a version tag (17.0.17_10-jre-alpine, 4.2.0), never a floating one (17-jre, latest). */
    static final Pattern PINNED_IMAGE = Pattern.compile("[a-z0-9./-]+:v?\\d+\\.\\d+[0-9._-]*[a-z0-9.-]*(@sha256:[0-9a-f]{64})?");
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
    void imageIsBuiltFromTheRepositoryAndRunsTheFastJarOnAJre17AsAnUnprivilegedUser(String module) {
        String dockerfile = instructions(module);
        List<String> stages = lines(dockerfile, "FROM");
        List<String> users = lines(dockerfile, "USER");
        String quarkusApp = "--from=build /build/" + module + "/target/quarkus-app/";

        assertThat(stages).as("a build stage and the runtime image").hasSize(2);
        assertThat(stages.get(0)).as("build stage").endsWith(" AS build").contains("jdk").contains("17");
        assertThat(stages.get(1)).as("runtime image").contains("jre").contains("17");
        stages.forEach(stage -> assertThat(stage.split(" ")[0]).as("base image pinned by version")
                .matches(PINNED_IMAGE));
        assertThat(users).as("USER").isNotEmpty();
        assertThat(users.get(users.size() - 1).split(":")[0]).as("last USER").isNotIn("root", "0");
        assertThat(lines(dockerfile, "COPY")).as("COPY of the fast-jar from the build stage").contains(
                quarkusApp + "lib/ /deployments/lib/",
                quarkusApp + "quarkus-run.jar /deployments/",
                quarkusApp + "app/ /deployments/app/",
                quarkusApp + "quarkus/ /deployments/quarkus/");
        assertThat(lines(dockerfile, "ENTRYPOINT")).singleElement().asString().contains("/deployments/quarkus-run.jar");
        assertThat(ServiceModule.properties(module).getProperty("quarkus.package.jar.type", "fast-jar"))
                .as("%s packages a fast-jar", module).isEqualTo("fast-jar");
    }

    /**
     * The build stage copies the wrapper and every POM, resolves dependencies with those alone (a layer that a
     * source change leaves cached), and only then copies sources: those of the module and of every module -am builds
     * with it, and no others.
     */
    @ParameterizedTest
    @MethodSource("modules")
    void buildStageCachesDependenciesBeforeCopyingExactlyTheSourcesItBuilds(String module) {
        String build = instructions(module).split("\\nFROM ")[0];
        List<String> steps = Stream.of(build.split("\\n")).filter(line -> line.startsWith("COPY ") || line.startsWith("RUN "))
                .toList();
        int resolve = steps.indexOf(steps.stream().filter(step -> step.startsWith("RUN ./mvnw")).findFirst()
                .orElseThrow(() -> new AssertionError(module + ": no Maven wrapper build")));
        List<String> before = steps.subList(0, resolve);
        List<String> after = steps.subList(resolve, steps.size());
        Set<String> copiedBefore = new TreeSet<>();
        before.stream().filter(step -> step.startsWith("COPY ")).forEach(step -> {
            String[] words = step.split("\\s+");
            copiedBefore.addAll(List.of(words).subList(1, words.length - 1));
        });
        Set<String> poms = new TreeSet<>(List.of("mvnw", "pom.xml", ".mvn/"));
        Repository.modules().forEach(reactorModule -> poms.add(reactorModule + "/pom.xml"));
        Set<String> sources = new TreeSet<>();
        after.stream().filter(step -> step.startsWith("COPY ")).forEach(step -> sources.add(step.split("\\s+")[1]));
        Set<String> expectedSources = new TreeSet<>();
        Repository.builtWith(module).forEach(built -> expectedSources.add(built + "/src/"));

        assertThat(copiedBefore).as("copied before dependencies are resolved").isEqualTo(poms);
        assertThat(steps.get(resolve)).as("dependencies resolved for the module and what it is built with")
                .contains("-pl " + module + " -am");
        assertThat(sources).as("sources copied after").isEqualTo(expectedSources);
        assertThat(after.get(after.size() - 1)).as("the build").startsWith("RUN ./mvnw")
                .contains("-pl " + module + " -am package");
    }

    @Test
    void buildContextLeavesOutLocalBuildsSecretsAndCertificates() {
        assertThat(Repository.read(".dockerignore").lines().map(String::strip).toList())
                .contains("**/target/", ".env", "deploy/certs/", ".git/");
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
        assertThat(url.group(2)).as("the variable that moves the port").isEqualTo("QUARKUS_MANAGEMENT_PORT");
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
