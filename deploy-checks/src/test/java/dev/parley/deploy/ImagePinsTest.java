package dev.parley.deploy;

import static dev.parley.deploy.Yaml.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every image Parley runs that it does not build (Kafka, PostgreSQL, the certificate maker's base) is pinned by
 * version, so that a deployment runs tomorrow what it ran today; Parley's own images are checked by
 * KubernetesManifestsTest (fixed tags) and DockerfilesTest (base images).
 */
class ImagePinsTest {

    static Stream<String> overlays() {
        return Cluster.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void imagesOfTheOperatorsResourcesArePinned(String overlay) {
        List<String> images = new ArrayList<>();
        for (Map<String, Object> resource : Cluster.render(overlay).resources()) {
            collectImages(resource, images);
        }

        assertThat(images).as("%s images", overlay).filteredOn(image -> !image.contains("parley/"))
                .isNotEmpty().allSatisfy(image -> assertThat(image).matches(DockerfilesTest.PINNED_IMAGE));
    }

    @Test
    void composeImagesAreParleysOwnOrPinned() {
        Map<String, Object> services = map(Compose.load(Compose.exampleSettings()).get("services"));
        List<String> images = new ArrayList<>();
        services.values().forEach(service -> images.add(String.valueOf(map(service).get("image"))));
        images.add(Repository.read("deploy/compose/certs/Dockerfile").lines().filter(line -> line.startsWith("FROM "))
                .findFirst().orElseThrow().substring("FROM ".length()).strip());

        assertThat(images).filteredOn(image -> !image.startsWith("parley/"))
                .isNotEmpty().allSatisfy(image -> assertThat(image).matches(DockerfilesTest.PINNED_IMAGE));
    }

    /** Container images and CloudNativePG's imageName, wherever they appear. */
    private static void collectImages(Object node, List<String> images) {
        if (node instanceof Map<?, ?> values) {
            values.forEach((key, value) -> {
                if (("image".equals(key) || "imageName".equals(key)) && value instanceof String image) {
                    images.add(image);
                } else {
                    collectImages(value, images);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectImages(item, images));
        }
    }
}
