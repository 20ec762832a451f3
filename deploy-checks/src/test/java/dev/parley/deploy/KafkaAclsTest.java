package dev.parley.deploy;

import static dev.parley.deploy.Yaml.at;
import static dev.parley.deploy.Yaml.maps;
import static dev.parley.deploy.Yaml.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.parley.contracts.Topics;

/**
 * One Kafka principal per deployed module, allowed exactly what KafkaAccess derives from the services: on Kubernetes
 * (Strimzi KafkaUsers with SCRAM and simple authorization) and in compose (the ACLs deploy/compose/kafka/setup.sh
 * applies).
 */
class KafkaAclsTest {

    private static final Pattern COMPOSE_ACL =
            Pattern.compile("^allow (\\S+) (topic|group) (\\S+) (literal|prefix) (Read|Write)$", Pattern.MULTILINE);
    private static final Pattern COMPOSE_USER = Pattern.compile("^add_user (\\S+) ", Pattern.MULTILINE);

    static Stream<String> overlays() {
        return Cluster.overlays().stream();
    }

    @Test
    void everyTopicHasOneOwnerAndEachServicePublishesOnlyWhatItOwns() {
        assertThat(KafkaAccess.OWNERS.keySet())
                .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topics.TopicSpec::name).toList());
        SoftAssertions softly = new SoftAssertions();
        for (String module : Repository.applicationModules()) {
            Set<String> owned = new TreeSet<>();
            KafkaAccess.OWNERS.forEach((topic, owner) -> {
                if (owner.equals(module)) {
                    owned.add(topic);
                }
            });
            softly.assertThat(owned).as("%s publishes", module).containsAll(KafkaAccess.publishedBySources(module));
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachModuleHasAScramUserAllowedExactlyWhatItNeeds(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        Map<String, Set<String>> granted = new TreeMap<>();
        for (Map<String, Object> user : cluster.ofKind("KafkaUser")) {
            assertThat(Yaml.string(user, "spec.authentication.type")).as(name(user)).isEqualTo("scram-sha-512");
            assertThat(Yaml.string(user, "spec.authorization.type")).as(name(user)).isEqualTo("simple");
            Set<String> acls = new TreeSet<>();
            for (Map<String, Object> acl : maps(at(user, "spec.authorization.acls"))) {
                assertThat(acl.getOrDefault("type", "allow")).as("%s grants, never denies", name(user)).isEqualTo("allow");
                Yaml.strings(acl.get("operations")).forEach(operation -> acls.add(Yaml.string(acl, "resource.type") + ":"
                        + Yaml.string(acl, "resource.name") + ":"
                        + (Yaml.string(acl, "resource.patternType") == null ? "literal"
                                : Yaml.string(acl, "resource.patternType")) + ":" + operation));
            }
            granted.put(name(user), acls);
        }
        Map<String, Object> kafka = cluster.ofKind("Kafka").get(0);

        assertThat(Yaml.string(kafka, "spec.kafka.authorization.type")).isEqualTo("simple");
        assertThat(maps(at(kafka, "spec.kafka.listeners"))).as("every listener takes SCRAM logins over TLS")
                .allSatisfy(listener -> {
                    assertThat(listener.get("tls")).isEqualTo(true);
                    assertThat(Yaml.string(listener, "authentication.type")).isEqualTo("scram-sha-512");
                });
        assertThat(granted).isEqualTo(required());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesLogInAsTheirOwnUserOverSaslSsl(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> deployment : cluster.deployments()) {
            Map<String, Object> container = Cluster.mainContainer(deployment);
            Map<String, String> environment = cluster.environment(container);
            if (!environment.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
                continue;
            }
            String what = overlay + " " + name(deployment);
            softly.assertThat(environment).as(what).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            softly.assertThat(maps(container.get("env")))
                    .as("%s takes KAFKA_SASL_JAAS_CONFIG from its KafkaUser's Secret", what)
                    .anySatisfy(variable -> {
                        assertThat(variable.get("name")).isEqualTo("KAFKA_SASL_JAAS_CONFIG");
                        assertThat(Yaml.string(variable, "valueFrom.secretKeyRef.name")).isEqualTo(name(deployment));
                        assertThat(Yaml.string(variable, "valueFrom.secretKeyRef.key")).isEqualTo("sasl.jaas.config");
                    });
        }
        softly.assertAll();
    }

    @Test
    void composeCreatesTheSameUsersAndAcls() {
        String setup = Repository.read("deploy/compose/kafka/setup.sh");
        Map<String, Set<String>> granted = new TreeMap<>();
        Matcher users = COMPOSE_USER.matcher(setup);
        while (users.find()) {
            granted.put(users.group(1), new TreeSet<>());
        }
        Matcher acls = COMPOSE_ACL.matcher(setup);
        while (acls.find()) {
            granted.computeIfAbsent(acls.group(1), user -> new TreeSet<>())
                    .add(acls.group(2) + ":" + acls.group(3) + ":" + acls.group(4) + ":" + acls.group(5));
        }

        assertThat(granted).isEqualTo(required());
    }

    private static Map<String, Set<String>> required() {
        Map<String, Set<String>> required = new TreeMap<>();
        Repository.applicationModules().forEach(module -> required.put(module, KafkaAccess.required(module)));
        return required;
    }
}
