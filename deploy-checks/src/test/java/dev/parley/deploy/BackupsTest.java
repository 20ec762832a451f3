package dev.parley.deploy;

import static dev.parley.deploy.Yaml.at;
import static dev.parley.deploy.Yaml.maps;
import static dev.parley.deploy.Yaml.name;
import static dev.parley.deploy.Yaml.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Production overlays back PostgreSQL up continuously: WAL archived through the Barman Cloud plugin to an
 * ObjectStore, a ScheduledBackup of the same cluster through the same plugin, credentials from a Secret the
 * operations guide creates with the keys used.
 */
class BackupsTest {

    private static final String PLUGIN = "barman-cloud.cloudnative-pg.io";

    static Stream<String> productionOverlays() {
        return Cluster.overlays().stream().filter(overlay -> overlay.startsWith("prod"));
    }

    @ParameterizedTest
    @MethodSource("productionOverlays")
    void postgresArchivesWalAndIsBackedUpNightlyToObjectStorage(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        Map<String, Object> postgres = cluster.ofKind("Cluster").get(0);
        Map<String, Object> archiver = maps(at(postgres, "spec.plugins")).stream()
                .filter(plugin -> PLUGIN.equals(plugin.get("name")) && Boolean.TRUE.equals(plugin.get("isWALArchiver")))
                .findFirst().orElseThrow(() -> new AssertionError(overlay + ": no WAL archiver plugin on " + name(postgres)));
        String objectStore = string(archiver, "parameters.barmanObjectName");
        Map<String, Object> store = cluster.find("ObjectStore", objectStore)
                .orElseThrow(() -> new AssertionError(overlay + ": no ObjectStore " + objectStore));

        assertThat(cluster.ofKind("ScheduledBackup")).as("%s: a scheduled backup of %s through the plugin", overlay,
                name(postgres)).anySatisfy(backup -> {
                    assertThat(string(backup, "spec.cluster.name")).isEqualTo(name(postgres));
                    assertThat(string(backup, "spec.method")).isEqualTo("plugin");
                    assertThat(string(backup, "spec.pluginConfiguration.name")).isEqualTo(PLUGIN);
                });
        assertThat(string(store, "spec.retentionPolicy")).as("retention").isNotBlank();
        for (String credential : java.util.List.of("accessKeyId", "secretAccessKey")) {
            Map<String, Object> reference = Yaml.map(at(store, "spec.configuration.s3Credentials." + credential));
            assertThat(OperationsGuide.secretKeys()).as("%s creates Secret %s", OperationsGuide.PATH, reference.get("name"))
                    .containsKey(reference.get("name").toString());
            assertThat(OperationsGuide.secretKeys().get(reference.get("name").toString()))
                    .contains(reference.get("key").toString());
        }
    }
}
