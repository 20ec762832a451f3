package dev.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.junit.jupiter.api.Test;

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

    @Test
    void everyRoleTheSuperuserIncludedNeedsItsPassword() {
        try (PostgresServer server = PostgresServer.start(null, 0, Durability.FAST, "superuser-secret")) {
            server.ensureDatabase("sample", "sample", "sample-secret");

            for (String[] login : new String[][] { { PostgresServer.SUPERUSER, "" },
                    { PostgresServer.SUPERUSER, "wrong" }, { "sample", "" } }) {
                org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> DriverManager.getConnection(server.jdbcUrl("postgres"), login[0], login[1]).close())
                        .as(login[0] + " with \"" + login[1] + "\"").isInstanceOf(SQLException.class);
            }
            org.assertj.core.api.Assertions.assertThatCode(() -> DriverManager.getConnection(server.jdbcUrl("sample"),
                    "sample", "sample-secret").close()).doesNotThrowAnyException();
            org.assertj.core.api.Assertions.assertThatCode(() -> DriverManager.getConnection(server.jdbcUrl("postgres"),
                    PostgresServer.SUPERUSER, "superuser-secret").close()).doesNotThrowAnyException();
        }
    }

    private static String show(PostgresServer server, String setting) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), PostgresServer.SUPERUSER,
                server.superuserPassword());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW " + setting)) {
            result.next();
            return result.getString(1);
        }
    }
}
