package dev.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.parley.infra.PostgresServer.Durability;

class PostgresServerTest {

    @ParameterizedTest
    @CsvSource({ "DURABLE, on", "FAST, off" })
    void runsWithTheDurabilityAskedFor(Durability durability, String setting) throws SQLException {
        try (PostgresServer server = PostgresServer.start(null, 0, durability)) {
            assertThat(show(server, "fsync")).isEqualTo(setting);
            assertThat(show(server, "synchronous_commit")).isEqualTo(setting);
            assertThat(show(server, "full_page_writes")).isEqualTo(setting);
            assertThat(Integer.parseInt(show(server, "max_connections"))).isGreaterThanOrEqualTo(300);
        }
    }

    private static String show(PostgresServer server, String setting) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), PostgresServer.SUPERUSER,
                "");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW " + setting)) {
            result.next();
            return result.getString(1);
        }
    }
}
