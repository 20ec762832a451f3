package dev.parley.deploy;

import static dev.parley.deploy.Yaml.at;
import static dev.parley.deploy.Yaml.map;
import static dev.parley.deploy.Yaml.maps;
import static dev.parley.deploy.Yaml.name;
import static dev.parley.deploy.Yaml.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay's Deployments against the modules they run, as those modules are now: health probes on the paths,
 * ports and schemes the service serves; only environment variables the service reads; addresses of Services and
 * ports that exist; the images the build makes; Secrets referenced, never included, and created by the operations
 * guide with the keys used.
 */
class KubernetesManifestsTest {

    static Stream<String> overlays() {
        return Cluster.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyApplicationModuleIsDeployedOnce(String overlay) {
        Cluster cluster = Cluster.render(overlay);

        assertThat(cluster.deployments()).extracting(Yaml::name)
                .containsExactlyInAnyOrderElementsOf(Repository.applicationModules());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void probesUseTheHealthPathsPortAndSchemeTheServiceServes(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> deployment : cluster.deployments()) {
            Map<String, Object> container = Cluster.mainContainer(deployment);
            ServiceModule service = serviceOf(cluster, deployment);
            softly.assertThat(service.hasHealth()).as("%s depends on quarkus-smallrye-health", name(deployment)).isTrue();
            ServiceModule.Endpoint health = service.healthEndpoint();
            Map<String, String> expectedPaths = Map.of("startupProbe", service.startupPath(),
                    "livenessProbe", service.livenessPath(), "readinessProbe", service.readinessPath());
            expectedPaths.forEach((probe, path) -> {
                String what = overlay + " " + name(deployment) + " " + probe;
                Map<String, Object> httpGet = map(at(container, probe + ".httpGet"));
                softly.assertThat(httpGet).as("%s is an HTTP GET probe", what).isNotEmpty();
                if (httpGet.isEmpty()) {
                    return;
                }
                softly.assertThat(httpGet.get("path")).as("%s path", what).isEqualTo(path);
                softly.assertThat(httpGet.getOrDefault("scheme", "HTTP")).as("%s scheme", what).isEqualTo(health.scheme());
                softly.assertThat(httpGet.get("port")).as("%s names the management port", what)
                        .isEqualTo(ServiceModule.MANAGEMENT_PORT_NAME);
                softly.assertThat(Cluster.containerPort(container, httpGet.get("port")))
                        .as("%s port", what).contains(health.port());
            });
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyEnvironmentVariableIsOneTheServiceReads(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> deployment : cluster.deployments()) {
            ConfigNames reads = ConfigNames.of(name(deployment));
            for (String variable : cluster.environment(Cluster.mainContainer(deployment)).keySet()) {
                softly.assertThat(reads.reads(variable))
                        .as("%s sets %s on %s, which reads no such setting", overlay, variable, name(deployment))
                        .isTrue();
            }
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void containerPortsAreThePortsTheServiceListensOn(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> deployment : cluster.deployments()) {
            Map<String, Object> container = Cluster.mainContainer(deployment);
            ServiceModule service = serviceOf(cluster, deployment);
            Set<Integer> declared = new TreeSet<>(maps(container.get("ports")).stream()
                    .map(port -> ((Number) port.get("containerPort")).intValue()).toList());
            softly.assertThat(declared).as("%s %s container ports", overlay, name(deployment))
                    .isEqualTo(listeningPorts(service));
        }
        for (Map<String, Object> kubernetesService : cluster.ofKind("Service")) {
            Optional<Map<String, Object>> deployment = cluster.deploymentBehind(name(kubernetesService));
            softly.assertThat(deployment).as("%s Service %s selects a Deployment", overlay, name(kubernetesService))
                    .isPresent();
            deployment.ifPresent(target -> maps(at(kubernetesService, "spec.ports")).forEach(port -> softly
                    .assertThat(Cluster.containerPort(Cluster.mainContainer(target), port.get("targetPort")))
                    .as("%s Service %s port %s targets a container port", overlay, name(kubernetesService),
                            port.get("port"))
                    .isPresent()));
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void addressesNameServicesAndPortsThatExist(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> deployment : cluster.deployments()) {
            Map<String, String> environment = cluster.environment(Cluster.mainContainer(deployment));
            ServiceModule service = ServiceModule.of(name(deployment), environment);
            environment.forEach((variable, value) -> {
                for (Addresses.Address address : Addresses.in(value)) {
                    if (!address.isLocalName()) {
                        continue;
                    }
                    String host = address.host();
                    int port = address.port();
                    String what = overlay + " " + name(deployment) + " " + variable + "=" + value;
                    softly.assertThat(cluster.portsOf(host)).as("%s: a Service %s", what, host).isPresent();
                    cluster.portsOf(host).ifPresent(ports -> softly.assertThat(ports).as("%s: port", what).contains(port));
                    cluster.deploymentBehind(host).ifPresent(target -> softly
                            .assertThat(listeningPorts(serviceOf(cluster, target)))
                            .as("%s: %s listens on the port the Service forwards to", what, name(target))
                            .contains(cluster.targetPort(host, port, target).orElse(-1)));
                }
            });
            service.database().ifPresent(database -> {
                softly.assertThat(service.database()).as("%s %s database", overlay, name(deployment))
                        .contains(ServiceModule.of(name(deployment), Map.of()).database().orElseThrow());
                String credentials = secretOf(Cluster.mainContainer(deployment), "QUARKUS_DATASOURCE_USERNAME");
                softly.assertThat(secretOf(Cluster.mainContainer(deployment), "QUARKUS_DATASOURCE_PASSWORD"))
                        .as("%s %s: user and password come from one Secret", overlay, name(deployment))
                        .isEqualTo(credentials);
                if (!cluster.ofKind("Cluster").isEmpty()) {
                    softly.assertThat(postgresRoles(cluster)).as("%s: PostgreSQL roles and their password Secrets",
                            overlay).containsEntry(database, credentials);
                    softly.assertThat(cluster.ofKind("Database")).as("%s: database %s owned by %s", overlay, database,
                            database).anySatisfy(resource -> {
                                assertThat(string(resource, "spec.name")).isEqualTo(database);
                                assertThat(string(resource, "spec.owner")).isEqualTo(database);
                            });
                }
            });
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void imagesAreTheOnesTheBuildMakesWithAFixedTag(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> deployment : cluster.deployments()) {
            String image = Cluster.mainContainer(deployment).get("image").toString();
            Kustomize.ImageReference reference = Kustomize.ImageReference.parse(image);
            softly.assertThat(reference.repository()).as("%s %s image", overlay, name(deployment))
                    .matches("(.+/)?parley/" + Pattern.quote(name(deployment)));
            softly.assertThat(reference.tag()).as("%s %s image tag", overlay, name(deployment))
                    .isNotBlank().isNotEqualTo("latest");
            softly.assertThat(ServiceModule.hasDockerfile(name(deployment)))
                    .as("%s has %s", name(deployment), ServiceModule.dockerfile(name(deployment))).isTrue();
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void secretsAreReferencedAndCreatedByTheOperationsGuideWithTheKeysUsed(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        Map<String, Set<String>> created = new TreeMap<>(OperationsGuide.secretKeys());
        created.putAll(operatorSecrets(cluster));
        Map<String, Set<String>> used = new TreeMap<>();
        for (Map<String, Object> deployment : cluster.deployments()) {
            Map<String, Object> container = Cluster.mainContainer(deployment);
            Map<String, String> environment = cluster.environment(container);
            maps(container.get("envFrom")).stream().filter(source -> source.containsKey("secretRef"))
                    .forEach(source -> used.computeIfAbsent(string(source, "secretRef.name"), name -> new TreeSet<>()));
            for (Map<String, Object> variable : maps(container.get("env"))) {
                Map<String, Object> reference = map(at(variable, "valueFrom.secretKeyRef"));
                if (!reference.isEmpty()) {
                    used.computeIfAbsent(reference.get("name").toString(), name -> new TreeSet<>())
                            .add(reference.get("key").toString());
                }
            }
            for (Map<String, Object> volume : maps(Cluster.podSpec(deployment).get("volumes"))) {
                if (volume.containsKey("secret")) {
                    String secret = string(volume, "secret.secretName");
                    Set<String> keys = used.computeIfAbsent(secret, name -> new TreeSet<>());
                    String mountPath = maps(container.get("volumeMounts")).stream()
                            .filter(mount -> volume.get("name").equals(mount.get("name")))
                            .map(mount -> mount.get("mountPath").toString()).findFirst().orElseThrow();
                    // Files the service is told to read from the mount are keys the Secret must have.
                    environment.values().stream().filter(value -> value.startsWith(mountPath + "/"))
                            .forEach(value -> keys.add(value.substring(mountPath.length() + 1)));
                }
            }
        }
        for (Map<String, Object> ingress : cluster.ofKind("Ingress")) {
            maps(at(ingress, "spec.tls")).forEach(tls -> used.computeIfAbsent(tls.get("secretName").toString(),
                    name -> new TreeSet<>()).addAll(List.of("tls.crt", "tls.key")));
        }
        for (Map<String, Object> edge : cluster.ofKind("Gateway")) {
            maps(at(edge, "spec.listeners")).forEach(listener -> maps(at(listener, "tls.certificateRefs"))
                    .forEach(reference -> used.computeIfAbsent(reference.get("name").toString(),
                            name -> new TreeSet<>()).addAll(List.of("tls.crt", "tls.key"))));
        }
        postgresRoles(cluster).values().forEach(secret -> used.computeIfAbsent(secret, name -> new TreeSet<>())
                .addAll(List.of("username", "password")));

        assertThat(used).as("%s uses Secrets", overlay).isNotEmpty();
        assertThat(created.keySet()).as("%s patches only Secrets it creates", OperationsGuide.PATH)
                .noneMatch(name -> name.startsWith("patched only: "));
        SoftAssertions softly = new SoftAssertions();
        used.forEach((secret, keys) -> {
            softly.assertThat(created).as("%s: %s creates Secret %s", overlay, OperationsGuide.PATH, secret)
                    .containsKey(secret);
            softly.assertThat(created.getOrDefault(secret, Set.of()))
                    .as("%s: keys of Secret %s created by %s", overlay, secret, OperationsGuide.PATH)
                    .containsAll(keys);
        });
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void podsRunUnprivilegedWithRequestsLimitsAndDisruptionBudgets(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> deployment : cluster.deployments()) {
            String what = overlay + " " + name(deployment);
            Map<String, Object> pod = Cluster.podSpec(deployment);
            softly.assertThat(at(pod, "securityContext.runAsNonRoot")).as("%s runAsNonRoot", what).isEqualTo(true);
            for (Map<String, Object> container : maps(pod.get("containers"))) {
                softly.assertThat(at(container, "securityContext.allowPrivilegeEscalation"))
                        .as("%s allowPrivilegeEscalation", what).isEqualTo(false);
                for (String bound : List.of("requests", "limits")) {
                    softly.assertThat(map(at(container, "resources." + bound))).as("%s resources.%s", what, bound)
                            .containsKeys("cpu", "memory");
                }
            }
            softly.assertThat(at(deployment, "spec.strategy.rollingUpdate.maxUnavailable")).as("%s maxUnavailable", what)
                    .isIn(0, 1);
            softly.assertThat(cluster.ofKind("PodDisruptionBudget"))
                    .as("%s has a PodDisruptionBudget", what)
                    .anySatisfy(budget -> assertThat(Cluster.selects(map(at(budget, "spec.selector")),
                            Cluster.podLabels(deployment))).isTrue());
        }
        List<Map<String, Object>> autoscalers = cluster.ofKind("HorizontalPodAutoscaler");
        softly.assertThat(autoscalers).as("%s autoscales chat-service", overlay)
                .anySatisfy(autoscaler -> assertThat(string(autoscaler, "spec.scaleTargetRef.name"))
                        .isEqualTo("chat-service"));
        for (Map<String, Object> autoscaler : autoscalers) {
            String target = string(autoscaler, "spec.scaleTargetRef.name");
            softly.assertThat(cluster.find("Deployment", target)).as("%s autoscaler target %s", overlay, target)
                    .hasValueSatisfying(deployment -> assertThat(at(deployment, "spec.replicas"))
                            .as("an autoscaled Deployment leaves its replica count to the autoscaler").isNull());
            softly.assertThat(((Number) at(autoscaler, "spec.minReplicas")).intValue())
                    .isLessThanOrEqualTo(((Number) at(autoscaler, "spec.maxReplicas")).intValue());
        }
        softly.assertAll();
    }

    /**
     * The edge (a Gateway API Gateway, or an ingress-nginx Ingress) serves the gateway Deployment over TLS on both
     * sides, keeps WebSockets open, and its host is the one origin auth-service and chat-service allow.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void theEdgeServesTheGatewayOverTlsWithWebSocketsAndTheOriginAuthAllows(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        assertThat(cluster.ofKind("Ingress").size() + cluster.ofKind("Gateway").size()).as("%s has one edge", overlay)
                .isEqualTo(1);
        String host = cluster.ofKind("Gateway").isEmpty() ? ingressHost(cluster) : gatewayApiHost(cluster);

        for (Map<String, Object> deployment : cluster.deployments()) {
            cluster.environment(Cluster.mainContainer(deployment)).forEach((variable, value) -> {
                if (variable.endsWith("_ALLOWED_ORIGINS")) {
                    assertThat(value).as("%s %s", name(deployment), variable).isEqualTo("https://" + host);
                }
            });
        }
        assertThat(cluster.environment(Cluster.mainContainer(cluster.find("Deployment", "auth-service").orElseThrow())))
                .as("auth-service's allowed origin").containsKey("PARLEY_AUTH_ALLOWED_ORIGINS");
    }

    private static String ingressHost(Cluster cluster) {
        Map<String, Object> ingress = cluster.ofKind("Ingress").get(0);
        Map<String, Object> rule = maps(at(ingress, "spec.rules")).get(0);
        String host = rule.get("host").toString();
        Map<String, Object> backend = map(at(maps(at(rule, "http.paths")).get(0), "backend.service"));
        Map<String, Object> gateway = cluster.deploymentBehind(backend.get("name").toString()).orElseThrow();
        ServiceModule gatewayModule = serviceOf(cluster, gateway);
        Object servicePort = map(backend.get("port")).values().iterator().next();
        Map<String, Object> port = maps(at(cluster.find("Service", backend.get("name").toString()).orElseThrow(),
                "spec.ports")).stream()
                .filter(candidate -> servicePort.equals(candidate.get("name")) || servicePort.equals(candidate.get("port")))
                .findFirst().orElseThrow();
        Map<String, Object> annotations = map(at(ingress, "metadata.annotations"));

        assertThat(name(gateway)).isEqualTo("gateway");
        assertThat(Cluster.containerPort(Cluster.mainContainer(gateway), port.get("targetPort")))
                .as("the Ingress reaches the gateway's HTTPS port")
                .isEqualTo(gatewayModule.httpsPort());
        assertThat(annotations).as("the gateway speaks only HTTPS")
                .containsEntry("nginx.ingress.kubernetes.io/backend-protocol", "HTTPS");
        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            assertThat(Integer.parseInt(annotations.get("nginx.ingress.kubernetes.io/" + timeout).toString()))
                    .as("%s keeps quiet WebSockets open", timeout).isGreaterThanOrEqualTo(600);
        }
        assertThat(maps(at(ingress, "spec.tls"))).as("TLS for the Ingress host")
                .anySatisfy(tls -> assertThat(Yaml.strings(tls.get("hosts"))).contains(host));
        return host;
    }

    private static String gatewayApiHost(Cluster cluster) {
        Map<String, Object> edge = cluster.ofKind("Gateway").get(0);
        Map<String, Object> https = maps(at(edge, "spec.listeners")).stream()
                .filter(listener -> "HTTPS".equals(listener.get("protocol"))).findFirst().orElseThrow();
        String host = https.get("hostname").toString();
        Map<String, Object> gateway = cluster.find("Deployment", "gateway").orElseThrow();
        int httpsPort = serviceOf(cluster, gateway).httpsPort().orElseThrow();

        assertThat(https.get("port")).isEqualTo(443);
        assertThat(maps(at(https, "tls.certificateRefs"))).singleElement()
                .satisfies(reference -> assertThat(reference.get("name")).isEqualTo("parley-tls"));
        for (Map<String, Object> route : cluster.ofKind("HTTPRoute")) {
            String section = maps(at(route, "spec.parentRefs")).get(0).get("sectionName").toString();
            Map<String, Object> listener = maps(at(edge, "spec.listeners")).stream()
                    .filter(candidate -> section.equals(candidate.get("name"))).findFirst().orElseThrow();
            assertThat(Yaml.strings(at(route, "spec.hostnames"))).as("%s hosts", name(route)).containsExactly(host);
            assertThat(listener.get("hostname")).as("listener %s host", section).isEqualTo(host);
            for (Map<String, Object> rule : maps(at(route, "spec.rules"))) {
                if ("HTTP".equals(listener.get("protocol"))) {
                    assertThat(maps(rule.get("filters"))).as("plain HTTP only redirects to HTTPS").singleElement()
                            .satisfies(filter -> assertThat(at(filter, "requestRedirect.scheme")).isEqualTo("https"));
                    assertThat(rule.get("backendRefs")).isNull();
                    continue;
                }
                assertThat(at(rule, "timeouts.request")).as("no request timeout cuts a WebSocket").isEqualTo("0s");
                for (Map<String, Object> backend : maps(rule.get("backendRefs"))) {
                    String service = backend.get("name").toString();
                    int port = ((Number) backend.get("port")).intValue();
                    assertThat(cluster.deploymentBehind(service)).as("%s selects the gateway", service)
                            .hasValueSatisfying(target -> assertThat(name(target)).isEqualTo("gateway"));
                    assertThat(cluster.targetPort(service, port, gateway)).as("the route reaches the HTTPS port")
                            .contains(httpsPort);
                    String portName = maps(at(cluster.find("Service", service).orElseThrow(), "spec.ports")).stream()
                            .filter(candidate -> ((Number) candidate.get("port")).intValue() == port)
                            .map(candidate -> candidate.get("name").toString()).findFirst().orElseThrow();
                    assertThat(cluster.ofKind("BackendTLSPolicy")).as("TLS to %s:%s, checked for %s", service, port, host)
                            .anySatisfy(policy -> {
                                assertThat(maps(at(policy, "spec.targetRefs"))).anySatisfy(target -> {
                                    assertThat(target.get("name")).isEqualTo(service);
                                    assertThat(target.get("sectionName")).isEqualTo(portName);
                                });
                                assertThat(at(policy, "spec.validation.hostname")).isEqualTo(host);
                            });
                }
            }
        }
        return host;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void networkPoliciesLetInOnlyTheGatewayFromOutsideAndEachServiceReachOnlyWhatItNeeds(String overlay) {
        NetworkPolicies policies = new NetworkPolicies(Cluster.render(overlay));
        SoftAssertions softly = new SoftAssertions();
        policies.check(softly);
        softly.assertAll();
    }

    static ServiceModule serviceOf(Cluster cluster, Map<String, Object> deployment) {
        Map<String, String> environment = new LinkedHashMap<>(ServiceModule.dockerfileEnvironment(name(deployment)));
        environment.putAll(cluster.environment(Cluster.mainContainer(deployment)));
        return ServiceModule.of(name(deployment), environment);
    }

    /**
     * The ports a module listens on under its environment: plain HTTP unless closed, HTTPS with a certificate, and
     * the management interface.
     */
    static Set<Integer> listeningPorts(ServiceModule service) {
        Set<Integer> ports = new TreeSet<>();
        if (!service.setting("quarkus.http.insecure-requests").orElse("enabled").equals("disabled")) {
            ports.add(service.httpPort());
        }
        service.httpsPort().ifPresent(ports::add);
        ports.add(service.healthEndpoint().port());
        return ports;
    }

    /**
     * Secrets the operators make from the rendered resources: the Strimzi user operator one per SCRAM KafkaUser
     * (named like it, with the password and the clients' JAAS line), the cluster operator the cluster CA's
     * certificate of each Kafka.
     */
    static Map<String, Set<String>> operatorSecrets(Cluster cluster) {
        Map<String, Set<String>> secrets = new TreeMap<>();
        for (Map<String, Object> user : cluster.ofKind("KafkaUser")) {
            if ("scram-sha-512".equals(string(user, "spec.authentication.type"))) {
                secrets.put(name(user), Set.of("password", "sasl.jaas.config"));
            }
        }
        for (Map<String, Object> kafka : cluster.ofKind("Kafka")) {
            secrets.put(name(kafka) + "-cluster-ca-cert", Set.of("ca.crt", "ca.p12", "ca.password"));
        }
        return secrets;
    }

    private static String secretOf(Map<String, Object> container, String variable) {
        return maps(container.get("env")).stream().filter(entry -> variable.equals(entry.get("name")))
                .map(entry -> string(entry, "valueFrom.secretKeyRef.name")).findFirst().orElse(null);
    }

    /** Database role name to the Secret holding its password, from the CloudNativePG Cluster. */
    private static Map<String, String> postgresRoles(Cluster cluster) {
        Map<String, String> roles = new TreeMap<>();
        for (Map<String, Object> postgres : cluster.ofKind("Cluster")) {
            maps(at(postgres, "spec.managed.roles")).forEach(role -> roles.put(role.get("name").toString(),
                    string(role, "passwordSecret.name")));
        }
        return roles;
    }
}
