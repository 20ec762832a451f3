package dev.parley.deploy;

import static dev.parley.deploy.Yaml.name;
import static dev.parley.deploy.Yaml.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay runs PostgreSQL at one tag, and production pins that tag's image by digest (a tag can be pushed again),
 * so that the tag and the digest name the same release.
 */
class ImagePinningTest {

    static Stream<String> productionOverlays() {
        return Cluster.overlays().stream().filter(overlay -> overlay.startsWith("prod"));
    }

    @ParameterizedTest
    @MethodSource("productionOverlays")
    void productionPinsPostgresByTheDigestOfTheTagEveryOverlayUses(String overlay) {
        Map<String, Object> postgres = Cluster.render(overlay).ofKind("Cluster").get(0);
        String image = string(postgres, "spec.imageName");
        String tagged = string(Cluster.render("dev").ofKind("Cluster").get(0), "spec.imageName");

        assertThat(image).as("%s: %s", overlay, name(postgres)).matches(".+:[^:@/]+@sha256:[0-9a-f]{64}")
                .startsWith(tagged + "@sha256:");
    }
}
