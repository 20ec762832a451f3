package dev.parley.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.jboss.logging.Logger;

import dev.parley.contracts.KafkaAccess;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Kafka broker in KRaft mode, running inside this JVM and listening on 127.0.0.1. Storage is
 * formatted only when the log folder is new, so a kept folder keeps its topics between runs.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class);

    /** The SASL mechanism clients log in with. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The broker's own principal, a super user: it creates topics, logins and ACLs. */
    public static final String ADMIN = "admin";
    /** Marks a log folder whose broker requires logins, so that it is never started open again. */
    private static final String SECURED_MARKER = "parley-secured";

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDirectory;
    private final boolean deleteOnClose;
    private final String adminPassword;

    private KafkaBroker(KafkaRaftServer server, int port, Path logDirectory, boolean deleteOnClose,
            String adminPassword) {
        this.server = server;
        this.port = port;
        this.logDirectory = logDirectory;
        this.deleteOnClose = deleteOnClose;
        this.adminPassword = adminPassword;
    }

    /**
     * Starts a broker.
     *
     * @param logDirectory where topics are stored; {@code null} for a temporary folder removed on close
     * @param port         the client port, 0 for any free port
     */
    public static KafkaBroker start(Path logDirectory, int port) {
        return start(logDirectory, port, null);
    }

    /**
     * Starts a broker that requires a login (SASL/SCRAM-SHA-512) from every client and authorizes each request by
     * ACL; {@value #ADMIN}, with this password, is the only super user. Clients log in with
     * {@link #clientProperties}; {@link #grant} creates the services' logins and ACLs. A log folder made by an open
     * broker is switched over once (its admin login added while it is still open, then never opened again).
     *
     * @param adminPassword null for an open broker (tests that need no logins)
     */
    public static KafkaBroker start(Path logDirectory, int port, String adminPassword) {
        long started = System.nanoTime();
        try {
            boolean temporary = logDirectory == null;
            Path dir = temporary ? Files.createTempDirectory("parley-kafka-") : logDirectory;
            Files.createDirectories(dir);
            int clientPort = port == 0 ? Ports.freePort() : port;
            boolean secured = adminPassword != null;
            if (secured && Files.exists(dir.resolve("meta.properties")) && !Files.exists(dir.resolve(SECURED_MARKER))) {
                addAdminLogin(dir, clientPort, adminPassword);
            }
            int controllerPort = Ports.freePort();
            KafkaConfig config = KafkaConfig.fromProps(secured
                    ? securedProperties(dir, clientPort, controllerPort, adminPassword)
                    : brokerProperties(dir, clientPort, controllerPort), false);
            format(config, adminPassword);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            if (secured) {
                Files.writeString(dir.resolve(SECURED_MARKER), "logins and ACLs required\n");
            }
            LOG.infof("Kafka broker ready on 127.0.0.1:%d in %d ms", clientPort, (System.nanoTime() - started) / 1_000_000);
            return new KafkaBroker(server, clientPort, dir, temporary, adminPassword);
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka broker did not start", e);
        }
    }

    /** A folder an open broker made: started open once more, only on loopback, to add the admin's login. */
    private static void addAdminLogin(Path dir, int clientPort, String adminPassword) {
        KafkaRaftServer open = new KafkaRaftServer(
                KafkaConfig.fromProps(brokerProperties(dir, clientPort, Ports.freePort()), false), Time.SYSTEM);
        open.startup();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + clientPort))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(ADMIN,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), adminPassword))).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while adding the Kafka admin login", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not add the Kafka admin login", e.getCause());
        } finally {
            open.shutdown();
            open.awaitShutdown();
        }
    }

    /**
     * Clients (and the broker itself, towards itself) log in with SCRAM on the client listener; the controller
     * listener, which only the broker uses, takes the admin's PLAIN login defined right here.
     */
    private static Properties securedProperties(Path dir, int clientPort, int controllerPort, String adminPassword) {
        Properties p = brokerProperties(dir, clientPort, controllerPort);
        String scram = jaas("org.apache.kafka.common.security.scram.ScramLoginModule", ADMIN, adminPassword, "");
        String plain = jaas("org.apache.kafka.common.security.plain.PlainLoginModule", ADMIN, adminPassword,
                " user_" + ADMIN + "=\"" + adminPassword + "\"");
        p.put("listeners", "CLIENT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "CLIENT://127.0.0.1:" + clientPort);
        p.put("inter.broker.listener.name", "CLIENT");
        p.put("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.client.sasl.enabled.mechanisms", MECHANISM);
        p.put("listener.name.client.scram-sha-512.sasl.jaas.config", scram);
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.controller.plain.sasl.jaas.config", plain);
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + ADMIN);
        p.put("allow.everyone.if.no.acl.found", "false");
        // Topics come from the contracts, created by the admin; a client cannot make one up.
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    private static String jaas(String module, String user, String password, String extra) {
        return module + " required username=\"" + user + "\" password=\"" + password + "\"" + extra + ";";
    }

    /** What a client sets to log in to a broker started with logins. */
    public static Map<String, Object> clientProperties(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", MECHANISM, "sasl.jaas.config",
                jaas("org.apache.kafka.common.security.scram.ScramLoginModule", user, password, ""));
    }

    /** The admin's client settings (empty for an open broker). */
    public Map<String, Object> adminProperties() {
        return adminPassword == null ? Map.of() : clientProperties(ADMIN, adminPassword);
    }

    /**
     * Gives each principal its login (the password set again at every call) and exactly the ACLs it is listed with:
     * write on the topics it owns, read on those it consumes, read on its consumer groups. Repeating it changes
     * nothing.
     */
    public void grant(List<KafkaAccess.Principal> principals, Map<String, String> passwords) {
        if (adminPassword == null) {
            throw new IllegalStateException("An open broker has no logins to grant");
        }
        List<AclBinding> acls = new ArrayList<>();
        List<UserScramCredentialAlteration> logins = new ArrayList<>();
        for (KafkaAccess.Principal principal : principals) {
            String password = passwords.get(principal.name());
            if (password == null) {
                throw new IllegalArgumentException("No Kafka password for " + principal.name());
            }
            logins.add(new UserScramCredentialUpsertion(principal.name(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password));
            String user = "User:" + principal.name();
            principal.writes().forEach(topic -> acls.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL,
                    AclOperation.WRITE)));
            principal.reads().forEach(topic -> acls.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL,
                    AclOperation.READ)));
            principal.groups().forEach(group -> acls.add(allow(user, ResourceType.GROUP, group.name(),
                    group.prefix() ? PatternType.PREFIXED : PatternType.LITERAL, AclOperation.READ)));
        }
        Map<String, Object> config = new HashMap<>(adminProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            admin.alterUserScramCredentials(logins).all().get();
            admin.createAcls(acls).all().get();
            awaitLogins(passwords, principals.stream().map(KafkaAccess.Principal::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while granting Kafka access", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not grant Kafka access", e.getCause());
        }
    }

    /**
     * The broker checks logins against its copy of the cluster metadata, which follows the controller a moment later:
     * waits until each new login actually gets in, so that a client started right after never meets an "invalid
     * credentials" refusal that would have passed a moment later.
     */
    private void awaitLogins(Map<String, String> passwords, List<String> users) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        for (String user : users) {
            Map<String, Object> config = new HashMap<>(clientProperties(user, passwords.get(user)));
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            while (true) {
                try (Admin admin = Admin.create(config)) {
                    admin.describeCluster().clusterId().get(10, java.util.concurrent.TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The Kafka login of " + user + " is still refused after 30 s",
                                notYet);
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
            AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static Properties brokerProperties(Path dir, int clientPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.toAbsolutePath().toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("controlled.shutdown.enable", "false");
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        p.put("log.cleaner.backoff.ms", "1000");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return p;
    }

    private static void format(KafkaConfig config, String adminPassword) {
        if (Files.exists(Path.of(config.metadataLogDir(), "meta.properties"))) {
            return; // formatted by an earlier run: keep its cluster id and topics
        }
        Formatter formatter = new Formatter()
                // Kafka prints its progress to stdout by default; a terminal should not see it.
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(config.nodeId())
                .setIgnoreFormatted(false)
                .setControllerListenerName(config.controllerListenerNames().get(0))
                .setMetadataLogDirectory(config.metadataLogDir());
        if (adminPassword != null) {
            // The admin's SCRAM login is in the metadata from the start, before anyone could connect.
            formatter.setScramArguments(List.of(MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]"));
        }
        config.logDirs().forEach(formatter::addDirectory);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka storage in " + config.metadataLogDir(), e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Creates the topics that do not exist yet, so that clients never race the broker's auto-creation. */
    public void createTopics(Collection<NewTopic> topics) {
        createTopics(bootstrapServers(), adminProperties(), topics);
    }

    public static void createTopics(String bootstrapServers, Collection<NewTopic> topics) {
        createTopics(bootstrapServers, Map.of(), topics);
    }

    private static void createTopics(String bootstrapServers, Map<String, Object> login, Collection<NewTopic> topics) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get();
            var missing = topics.stream().filter(t -> !existing.contains(t.name())).collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create topics", e.getCause());
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            deleteRecursively(logDirectory);
        }
    }

    static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("Could not delete %s: %s", dir, e.getMessage());
        }
    }
}
