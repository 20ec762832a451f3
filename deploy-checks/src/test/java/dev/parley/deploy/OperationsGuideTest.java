package dev.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** deploy/README.md: the operations it must cover, and commands that name what the files really hold. */
class OperationsGuideTest {

    private static final Pattern REPOSITORY_PATH =
            Pattern.compile("(?<![\\w/.-])((?:deploy|deploy-checks)/[\\w./-]*[\\w]|docker-compose\\.yml|\\.env\\.example)");
    private static final Pattern NAMESPACE = Pattern.compile("kubectl -n (\\S+)");
    private static final Pattern RESOURCE = Pattern.compile("\\b(deployment|hpa|configmap|cluster)[/ ]([a-z][a-z0-9-]*)");
    private static final Pattern COMPOSE_SERVICE =
            Pattern.compile("docker compose (?:exec|logs|restart|stop|start|up|run)(?: -[-\\w]+)* ([a-z][\\w-]*)");
    private static final Pattern CONFIG_MAP_PATCH =
            Pattern.compile("patch configmap ([a-z0-9-]+) --type merge -p '(\\{.*})'");
    private static final Pattern DATA_KEY = Pattern.compile("\"([A-Z][A-Z0-9_]*)\"\\s*:");
    private static final Map<String, String> KINDS = Map.of("deployment", "Deployment",
            "hpa", "HorizontalPodAutoscaler", "configmap", "ConfigMap", "cluster", "Cluster");
    /** Made by the commands themselves, so absent from a fresh clone. */
    private static final Set<String> GENERATED = Set.of("deploy/certs", "deploy/certs/ca.crt");

    @Test
    void coversDeployingScalingKeyRotationsAndBackups() {
        String guide = OperationsGuide.text();

        assertThat(guide).contains("## docker compose", "## Kubernetes", "## Scale chat", "## Rotate the JWT signing key",
                "## Rotate friend-service's encryption key", "## Back up the databases", "## Checks");
        assertThat(guide).as("says which checks ran for real and which were only validated")
                .contains("What ran for real", "Only validated");
    }

    @Test
    void pathsItNamesExist() {
        Matcher paths = REPOSITORY_PATH.matcher(OperationsGuide.text());
        SoftAssertions softly = new SoftAssertions();
        while (paths.find()) {
            String path = paths.group(1);
            if (!GENERATED.contains(path)) {
                softly.assertThat(Repository.path(path)).as(path).exists();
            }
        }
        for (String script : List.of("deploy/make-certs.sh", "deploy/make-env.sh")) {
            softly.assertThat(Files.isExecutable(Repository.path(script))).as("%s is executable", script).isTrue();
        }
        softly.assertAll();
    }

    @Test
    void kubectlCommandsNameNamespacesAndResourcesTheOverlaysRender() {
        List<Cluster> clusters = Cluster.overlays().stream().map(Cluster::render).toList();
        Set<String> namespaces = new TreeSet<>(clusters.stream().map(Cluster::namespace).toList());
        SoftAssertions softly = new SoftAssertions();
        for (String command : OperationsGuide.commands()) {
            Matcher namespace = NAMESPACE.matcher(command);
            while (namespace.find()) {
                softly.assertThat(namespace.group(1)).as(command).isIn(namespaces);
            }
            Matcher resource = RESOURCE.matcher(command);
            while (resource.find()) {
                String kind = KINDS.get(resource.group(1));
                String name = resource.group(2);
                if (command.contains("create " + resource.group())) {
                    continue; // made by the command itself (the dev CA's ConfigMap), not by the overlays
                }
                softly.assertThat(clusters).as("%s: %s %s is rendered", command, kind, name)
                        .anySatisfy(cluster -> assertThat(cluster.find(kind, name)).isPresent());
            }
        }
        softly.assertAll();
    }

    @Test
    void settingsItPatchesAreOnesTheServicesRead() {
        Cluster cluster = Cluster.render("prod");
        SoftAssertions softly = new SoftAssertions();
        for (String command : OperationsGuide.commands()) {
            Matcher patch = CONFIG_MAP_PATCH.matcher(command);
            if (!patch.find()) {
                continue;
            }
            String configMap = patch.group(1);
            Matcher keys = DATA_KEY.matcher(patch.group(2));
            while (keys.find()) {
                String variable = keys.group(1);
                for (Map<String, Object> deployment : cluster.deployments()) {
                    boolean usesIt = Yaml.maps(Cluster.mainContainer(deployment).get("envFrom")).stream()
                            .anyMatch(source -> configMap.equals(Yaml.string(source, "configMapRef.name")));
                    if (usesIt) {
                        softly.assertThat(ConfigNames.of(Yaml.name(deployment)).reads(variable))
                                .as("%s reads %s", Yaml.name(deployment), variable).isTrue();
                    }
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void composeCommandsNameServicesOfTheComposeFile() {
        Map<String, Object> services = Yaml.map(Compose.load(Compose.exampleSettings()).get("services"));
        Matcher commands = COMPOSE_SERVICE.matcher(OperationsGuide.text());
        int found = 0;
        while (commands.find()) {
            assertThat(services).as(commands.group()).containsKey(commands.group(1));
            found++;
        }
        assertThat(found).isPositive();
    }
}
