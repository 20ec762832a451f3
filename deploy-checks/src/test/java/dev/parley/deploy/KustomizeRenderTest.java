package dev.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kustomize base and every overlay render: always with the Java renderer (which the other checks use), and
 * where kubectl is installed also with kubectl kustomize, whose output must be the same resources.
 */
class KustomizeRenderTest {

    static Stream<String> overlays() {
        return Cluster.overlays().stream();
    }

    /** Every folder under deploy/k8s with a kustomization.yaml: the parts and the overlays. */
    static Stream<String> kustomizations() {
        try (Stream<Path> files = Files.walk(Repository.path("deploy/k8s"))) {
            return files.filter(file -> file.getFileName().toString().equals("kustomization.yaml"))
                    .map(file -> Repository.ROOT.relativize(file.getParent()).toString()).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void thereIsADevAndAProdOverlay() {
        assertThat(Cluster.overlays()).contains("dev", "prod");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void overlayRendersIntoItsOwnNamespace(String overlay) {
        Cluster cluster = Cluster.render(overlay);

        assertThat(cluster.resources()).isNotEmpty();
        assertThat(cluster.ofKind("Namespace")).extracting(Yaml::name).containsExactly(cluster.namespace());
        assertThat(cluster.resources()).filteredOn(resource -> !Yaml.kind(resource).equals("Namespace"))
                .allSatisfy(resource -> assertThat(Yaml.string(resource, "metadata.namespace"))
                        .as("namespace of %s %s", Yaml.kind(resource), Yaml.name(resource))
                        .isEqualTo(cluster.namespace()));
        assertThat(cluster.ofKind("Secret")).as("Secrets are created in the cluster, never kept in git").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void kubectlRendersTheSameResources(String kustomization) {
        assumeTrue(Commands.available("kubectl", "version", "--client"),
                "kubectl is not installed: only the Java renderer ran");

        Commands.Result result = Commands.run(Repository.ROOT, List.of("kubectl", "kustomize", kustomization));

        assertThat(result.exitCode()).as("kubectl kustomize %s: %s", kustomization, result.errors()).isZero();
        Map<String, Map<String, Object>> byKubectl = byId(Yaml.loadAll(result.output(), "kubectl kustomize"));
        Map<String, Map<String, Object>> byJava = byId(Kustomize.render(Repository.path(kustomization)));
        assertThat(byJava.keySet()).containsExactlyInAnyOrderElementsOf(byKubectl.keySet());
        byKubectl.forEach((id, resource) -> assertThat(byJava.get(id)).as(id).isEqualTo(resource));
    }

    private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> resources) {
        Map<String, Map<String, Object>> byId = new HashMap<>();
        resources.forEach(resource -> byId.put(resource.get("apiVersion") + " " + Yaml.kind(resource) + " "
                + Yaml.string(resource, "metadata.namespace") + "/" + Yaml.name(resource), resource));
        return byId;
    }
}
