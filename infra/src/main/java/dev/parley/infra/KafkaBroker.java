package dev.parley.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.jboss.logging.Logger;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Kafka broker in KRaft mode, running inside this JVM and listening on 127.0.0.1. Storage is
 * formatted only when the log folder is new, so a kept folder keeps its topics between runs.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class);

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDirectory;
    private final boolean deleteOnClose;

    private KafkaBroker(KafkaRaftServer server, int port, Path logDirectory, boolean deleteOnClose) {
        this.server = server;
        this.port = port;
        this.logDirectory = logDirectory;
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * Starts a broker.
     *
     * @param logDirectory where topics are stored; {@code null} for a temporary folder removed on close
     * @param port         the client port, 0 for any free port
     */
    public static KafkaBroker start(Path logDirectory, int port) {
        long started = System.nanoTime();
        try {
            boolean temporary = logDirectory == null;
            Path dir = temporary ? Files.createTempDirectory("parley-kafka-") : logDirectory;
            Files.createDirectories(dir);
            int clientPort = port == 0 ? Ports.freePort() : port;
            int controllerPort = Ports.freePort();

            KafkaConfig config = KafkaConfig.fromProps(brokerProperties(dir, clientPort, controllerPort), false);
            format(config);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            LOG.infof("Kafka broker ready on 127.0.0.1:%d in %d ms", clientPort, (System.nanoTime() - started) / 1_000_000);
            return new KafkaBroker(server, clientPort, dir, temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka broker did not start", e);
        }
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

    private static void format(KafkaConfig config) {
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
        createTopics(bootstrapServers(), topics);
    }

    public static void createTopics(String bootstrapServers, Collection<NewTopic> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
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
