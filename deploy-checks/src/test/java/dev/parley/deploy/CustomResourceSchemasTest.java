package dev.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operators' resources (Strimzi, CloudNativePG, Gateway API, prometheus-operator) of every kustomization, against
 * the CRDs of each release checked in (src/test/resources/crds): a resource must be valid for the oldest release
 * deploy/README.md asks for and for the newest one here.
 */
class CustomResourceSchemasTest {

    static Stream<String> kustomizations() {
        return KustomizeRenderTest.kustomizations();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void operatorResourcesAreValidAgainstTheirCrds(String kustomization) {
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> resource : Kustomize.render(Repository.path(kustomization))) {
            if (!CustomResourceDefinitions.isCustom(resource)) {
                continue;
            }
            String what = kustomization + ": " + resource.get("apiVersion") + " " + Yaml.kind(resource) + " "
                    + Yaml.name(resource);
            List<CustomResourceDefinitions.Definition> definitions = CustomResourceDefinitions.of(resource);
            softly.assertThat(definitions).as("%s has a CRD schema in %s", what, CustomResourceDefinitions.FOLDER)
                    .isNotEmpty();
            for (CustomResourceDefinitions.Definition definition : definitions) {
                softly.assertThat(CustomResourceDefinitions.problems(definition, resource)).as(what).isEmpty();
            }
        }
        softly.assertAll();
    }

    @Test
    void theCheckRefusesWhatStrimzi1RefusesAndFieldsItWouldDrop() {
        Map<String, Object> topic = new LinkedHashMap<>(Map.of("apiVersion", "kafka.strimzi.io/v1beta2",
                "kind", "KafkaTopic", "metadata", Map.of("name", "users"),
                "spec", Map.of("partitions", 3, "replicas", 3)));
        CustomResourceDefinitions.Definition strimzi = CustomResourceDefinitions.find("strimzi-1.0.0", "KafkaTopic")
                .orElseThrow();

        assertThat(CustomResourceDefinitions.problems(strimzi, topic)).singleElement().asString()
                .contains("does not serve kafka.strimzi.io/v1beta2");
        topic.put("apiVersion", "kafka.strimzi.io/v1");
        assertThat(CustomResourceDefinitions.problems(strimzi, topic)).isEmpty();
        topic.put("spec", Map.of("partitions", 3, "replica", 3));
        assertThat(CustomResourceDefinitions.problems(strimzi, topic)).singleElement().asString().contains("replica");
        topic.put("spec", Map.of("partitions", "three"));
        assertThat(CustomResourceDefinitions.problems(strimzi, topic)).isNotEmpty();
    }
}
