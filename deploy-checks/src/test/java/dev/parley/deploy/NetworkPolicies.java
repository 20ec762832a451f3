package dev.parley.deploy;

import static dev.parley.deploy.Yaml.at;
import static dev.parley.deploy.Yaml.map;
import static dev.parley.deploy.Yaml.maps;
import static dev.parley.deploy.Yaml.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.assertj.core.api.SoftAssertions;

/**
 * The NetworkPolicies of one overlay, evaluated for Parley's pods. What a pod needs to reach is derived from its
 * configuration (the addresses in its environment: services, Kafka, PostgreSQL), so the check follows the
 * services: a pod must be allowed exactly that (plus DNS), and let in exactly the pods whose configuration names it;
 * only the gateway is let in from outside the namespace, and the scraper to every pod's management port.
 */
final class NetworkPolicies {

    private static final int DNS_PORT = 53;
    private static final String GATEWAY = "gateway";
    private static final int MANAGEMENT_PORT = ServiceModule.MANAGEMENT.port();

    /** A pod (by its labels) and port that a Parley pod must reach. */
    record Destination(String description, Map<String, Object> labels, int port) {
    }

    private final Cluster cluster;
    private final List<Map<String, Object>> policies;

    NetworkPolicies(Cluster cluster) {
        this.cluster = cluster;
        this.policies = cluster.ofKind("NetworkPolicy");
    }

    void check(SoftAssertions softly) {
        String overlay = cluster.overlay();
        softly.assertThat(policies).as("%s: a policy keeps every pod closed to what is not allowed", overlay)
                .anySatisfy(policy -> {
                    assertThat(map(at(policy, "spec.podSelector"))).isEmpty();
                    assertThat(Yaml.strings(at(policy, "spec.policyTypes"))).contains("Ingress");
                });
        Map<String, List<Destination>> needs = new LinkedHashMap<>();
        cluster.deployments().forEach(deployment -> needs.put(name(deployment), destinations(deployment)));

        for (Map<String, Object> deployment : cluster.deployments()) {
            String pod = name(deployment);
            Map<String, Object> labels = Cluster.podLabels(deployment);
            List<Map<String, Object>> egressRules = rules(labels, "Egress", "egress");
            softly.assertThat(selecting(labels, "Egress")).as("%s: egress of %s is restricted", overlay, pod)
                    .isNotEmpty();
            for (Destination destination : needs.get(pod)) {
                softly.assertThat(egressRules.stream().anyMatch(rule -> allows(rule, "to", destination)))
                        .as("%s: %s may reach %s on port %s", overlay, pod, destination.description(), destination.port())
                        .isTrue();
            }
            for (Map<String, Object> rule : egressRules) {
                checkEgressRuleIsNeeded(softly, pod, rule, needs.get(pod));
            }

            List<Map<String, Object>> ingressRules = rules(labels, "Ingress", "ingress");
            for (Map<String, Object> rule : ingressRules) {
                for (Map<String, Object> peer : peers(rule, "from")) {
                    if (!isInNamespace(peer) && !ports(rule).equals(List.of(MANAGEMENT_PORT))) {
                        softly.assertThat(pod).as("%s: only the gateway is let in from outside the namespace (but "
                                + "to the management port), not %s", overlay, pod).isEqualTo(GATEWAY);
                    }
                }
            }
            softly.assertThat(ingressRules).as("%s: Prometheus reaches %s's management port, and only that", overlay, pod)
                    .anySatisfy(rule -> {
                        assertThat(ports(rule)).containsExactly(MANAGEMENT_PORT);
                        assertThat(peers(rule, "from")).isNotEmpty().allSatisfy(peer -> assertThat(
                                map(at(peer, "podSelector.matchLabels"))).containsKey("app.kubernetes.io/name"));
                    });
            if (pod.equals(GATEWAY)) {
                int httpsPort = KubernetesManifestsTest.serviceOf(cluster, deployment).httpsPort().orElseThrow();
                softly.assertThat(ingressRules).as("%s: the Ingress controller reaches the gateway's HTTPS port", overlay)
                        .anySatisfy(rule -> {
                            assertThat(peers(rule, "from")).anySatisfy(peer -> assertThat(isInNamespace(peer)).isFalse());
                            assertThat(ports(rule)).containsExactly(httpsPort);
                        });
            }
        }
        checkWhoIsLetIn(softly, needs);
        checkKafkaListenerPeers(softly, needs);
    }

    /** The pods and ports a Deployment's configuration names, and so must reach. */
    private List<Destination> destinations(Map<String, Object> deployment) {
        List<Destination> destinations = new ArrayList<>();
        Map<String, String> environment = cluster.environment(Cluster.mainContainer(deployment));
        for (String value : environment.values()) {
            for (Addresses.Address address : Addresses.in(value)) {
                String host = address.host();
                cluster.deploymentBehind(host).ifPresent(target -> destinations.add(new Destination(name(target),
                        Cluster.podLabels(target), cluster.targetPort(host, address.port(), target).orElseThrow())));
                cluster.operatorPodLabels(host)
                        .ifPresent(labels -> destinations.add(new Destination(host, labels, address.port())));
            }
        }
        return destinations;
    }

    private void checkEgressRuleIsNeeded(SoftAssertions softly, String pod, Map<String, Object> rule,
            List<Destination> needed) {
        String overlay = cluster.overlay();
        List<Map<String, Object>> peers = peers(rule, "to");
        softly.assertThat(peers).as("%s: an egress rule of %s names its destinations", overlay, pod).isNotEmpty();
        softly.assertThat(ports(rule)).as("%s: an egress rule of %s names its ports", overlay, pod).isNotEmpty();
        for (Map<String, Object> peer : peers) {
            if (isDns(peer)) {
                softly.assertThat(ports(rule)).as("%s: %s reaches DNS on port 53 only", overlay, pod)
                        .containsOnly(DNS_PORT);
                continue;
            }
            softly.assertThat(isInNamespace(peer)).as("%s: %s reaches no other namespace but DNS: %s", overlay, pod, peer)
                    .isTrue();
            Set<Integer> neededPorts = new TreeSet<>();
            needed.stream().filter(destination -> selects(peer, destination.labels()))
                    .forEach(destination -> neededPorts.add(destination.port()));
            softly.assertThat(neededPorts).as("%s: %s needs what egress peer %s allows", overlay, pod, peer)
                    .isNotEmpty();
            softly.assertThat(neededPorts).as("%s: %s needs every port allowed to %s", overlay, pod, peer)
                    .containsAll(ports(rule));
        }
    }

    /** Each pod a policy lets in is one whose configuration names it, for Parley's pods and the database. */
    private void checkWhoIsLetIn(SoftAssertions softly, Map<String, List<Destination>> needs) {
        Map<String, Destination> destinations = new LinkedHashMap<>();
        needs.values().forEach(list -> list.forEach(destination -> destinations.put(destination.description(), destination)));
        for (Destination destination : destinations.values()) {
            if (destination.labels().containsKey("strimzi.io/cluster")) {
                continue; // Strimzi writes Kafka's policies from the listener's peers, checked below.
            }
            List<Map<String, Object>> ingressRules = rules(destination.labels(), "Ingress", "ingress");
            for (Map<String, Object> deployment : cluster.deployments()) {
                boolean letIn = ingressRules.stream().anyMatch(rule -> allowsFrom(rule, Cluster.podLabels(deployment),
                        destination.port()));
                boolean needed = needs.get(name(deployment)).stream()
                        .anyMatch(need -> need.description().equals(destination.description()));
                softly.assertThat(letIn).as("%s: %s is let in to %s on port %s exactly when it needs to be",
                        cluster.overlay(), name(deployment), destination.description(), destination.port())
                        .isEqualTo(needed);
            }
        }
    }

    private void checkKafkaListenerPeers(SoftAssertions softly, Map<String, List<Destination>> needs) {
        for (Map<String, Object> kafka : cluster.ofKind("Kafka")) {
            for (Map<String, Object> listener : maps(at(kafka, "spec.kafka.listeners"))) {
                List<Map<String, Object>> peers = maps(listener.get("networkPolicyPeers"));
                softly.assertThat(peers).as("%s: Kafka listener %s names who may connect", cluster.overlay(),
                        listener.get("name")).isNotEmpty();
                for (Map<String, Object> deployment : cluster.deployments()) {
                    boolean letIn = peers.stream().anyMatch(peer -> selects(peer, Cluster.podLabels(deployment)));
                    boolean needed = needs.get(name(deployment)).stream()
                            .anyMatch(need -> need.labels().containsKey("strimzi.io/cluster")
                                    && need.port() == ((Number) listener.get("port")).intValue());
                    softly.assertThat(letIn).as("%s: %s may connect to Kafka listener %s exactly when it uses it",
                            cluster.overlay(), name(deployment), listener.get("name")).isEqualTo(needed);
                }
            }
        }
    }

    private boolean allows(Map<String, Object> rule, String direction, Destination destination) {
        List<Integer> ports = ports(rule);
        return (ports.isEmpty() || ports.contains(destination.port()))
                && (peers(rule, direction).isEmpty() || peers(rule, direction).stream()
                        .anyMatch(peer -> isInNamespace(peer) && selects(peer, destination.labels())));
    }

    private boolean allowsFrom(Map<String, Object> rule, Map<String, Object> labels, int port) {
        List<Integer> ports = ports(rule);
        return (ports.isEmpty() || ports.contains(port))
                && (peers(rule, "from").isEmpty() || peers(rule, "from").stream()
                        .anyMatch(peer -> isInNamespace(peer) && selects(peer, labels)));
    }

    private List<Map<String, Object>> selecting(Map<String, Object> labels, String type) {
        return policies.stream()
                .filter(policy -> Cluster.selects(map(at(policy, "spec.podSelector")), labels))
                .filter(policy -> Yaml.strings(at(policy, "spec.policyTypes")).contains(type))
                .toList();
    }

    private List<Map<String, Object>> rules(Map<String, Object> labels, String type, String field) {
        return selecting(labels, type).stream().flatMap(policy -> maps(at(policy, "spec." + field)).stream()).toList();
    }

    private static List<Map<String, Object>> peers(Map<String, Object> rule, String direction) {
        return maps(rule.get(direction));
    }

    private static List<Integer> ports(Map<String, Object> rule) {
        return maps(rule.get("ports")).stream().map(port -> ((Number) port.get("port")).intValue()).toList();
    }

    private static boolean isInNamespace(Map<String, Object> peer) {
        return peer.containsKey("podSelector") && !peer.containsKey("namespaceSelector") && !peer.containsKey("ipBlock");
    }

    private static boolean isDns(Map<String, Object> peer) {
        return "kube-system".equals(map(at(peer, "namespaceSelector.matchLabels")).get("kubernetes.io/metadata.name"));
    }

    private static boolean selects(Map<String, Object> peer, Map<String, Object> labels) {
        return peer.containsKey("podSelector") && Cluster.selects(map(peer.get("podSelector")), labels);
    }
}
