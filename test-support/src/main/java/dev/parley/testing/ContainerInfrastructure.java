package dev.parley.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL and Kafka (apache/kafka, KRaft) in containers, for machines with a Docker engine. */
final class ContainerInfrastructure extends TestInfrastructure {

    private final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");
    private final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");

    ContainerInfrastructure() {
        postgres.start();
        kafka.start();
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String kind() {
        return "containers";
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public synchronized Database database(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        String host = postgres.getHost();
        int port = postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
        return new Database("jdbc:postgresql://" + host + ":" + port + "/" + name,
                "postgresql://" + host + ":" + port + "/" + name, postgres.getUsername(), postgres.getPassword());
    }

    @Override
    protected void stop() {
        kafka.stop();
        postgres.stop();
    }
}
