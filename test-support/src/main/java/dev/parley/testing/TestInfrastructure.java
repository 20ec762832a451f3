package dev.parley.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.jboss.logging.Logger;

import dev.parley.contracts.Topics;
import dev.parley.infra.KafkaBroker;
import dev.parley.infra.PostgresServer;

/**
 * The PostgreSQL server and Kafka broker of one test JVM, started on first use and stopped when the JVM exits, so
 * every test class (and every Quarkus boot) in the JVM shares them.
 * <p>
 * Where a Docker engine runs they are Testcontainers; otherwise embedded (zonky PostgreSQL and an in-process KRaft
 * broker). {@code -Dparley.test.infra=embedded|containers} (or {@code PARLEY_TEST_INFRA}) forces one.
 */
public abstract class TestInfrastructure {

    private static final Logger LOG = Logger.getLogger(TestInfrastructure.class);
    private static TestInfrastructure shared;

    /** Where a service's tests find their database. */
    public record Database(String jdbcUrl, String reactiveUrl, String username, String password) {
    }

    public static synchronized TestInfrastructure shared() {
        if (shared == null) {
            long started = System.nanoTime();
            shared = useContainers() ? new ContainerInfrastructure() : new EmbeddedInfrastructure();
            KafkaBroker.createTopics(shared.kafkaBootstrapServers(), Topics.ALL.stream().map(TestInfrastructure::newTopic).toList());
            LOG.infof("Test infrastructure (%s) ready in %d ms", shared.kind(), (System.nanoTime() - started) / 1_000_000);
            TestInfrastructure started_ = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started_::stop, "parley-test-infra-stop"));
        }
        return shared;
    }

    /** A topic as the contracts define it (partitions, compaction), for the shared broker or a test's own. */
    public static NewTopic newTopic(Topics.TopicSpec spec) {
        return new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs());
    }

    private static boolean useContainers() {
        String forced = System.getProperty("parley.test.infra", System.getenv("PARLEY_TEST_INFRA"));
        if (forced != null && !forced.isBlank()) {
            return forced.equals("containers");
        }
        // Asking Testcontainers costs seconds and logs errors when there is no engine; a missing socket is enough.
        boolean dockerConfigured = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        return dockerConfigured && ContainerInfrastructure.dockerAvailable();
    }

    public abstract String kind();

    public abstract String kafkaBootstrapServers();

    /** A database of its own for the caller, created on first request. */
    public abstract Database database(String name);

    protected abstract void stop();

    /** Zonky PostgreSQL and an in-process KRaft broker. */
    static final class EmbeddedInfrastructure extends TestInfrastructure {

        /** Fast: the cluster lives in a temporary folder and goes when the JVM exits, so a crash loses nothing. */
        private final PostgresServer postgres = PostgresServer.start(null, 0, PostgresServer.Durability.FAST);
        private final KafkaBroker kafka = KafkaBroker.start(null, 0);

        @Override
        public String kind() {
            return "embedded";
        }

        @Override
        public String kafkaBootstrapServers() {
            return kafka.bootstrapServers();
        }

        @Override
        public synchronized Database database(String name) {
            String password = "test-" + name;
            postgres.ensureDatabase(name, name, password);
            return new Database(postgres.jdbcUrl(name), postgres.reactiveUrl(name), name, password);
        }

        @Override
        protected void stop() {
            kafka.close();
            postgres.close();
        }
    }

    static List<String> topicNames() {
        return Topics.ALL.stream().map(Topics.TopicSpec::name).toList();
    }
}
