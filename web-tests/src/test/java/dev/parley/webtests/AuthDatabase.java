package dev.parley.webtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import dev.parley.stack.Database;

/**
 * auth-service's own database, reached with its role and generated password: what a server (or an attacker with its
 * database) could hand a client instead of the vault the client stored. Table as in
 * auth-service/src/main/resources/db/migration.
 */
final class AuthDatabase {

    /** A sealed vault as stored, with the version the server reports for it. */
    record StoredVault(byte[] vault, long version) {
    }

    private final Database database;

    AuthDatabase(Database database) {
        this.database = database;
    }

    StoredVault vault(String username) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT vault, vault_version FROM account WHERE username_canonical = ?")) {
            select.setString(1, username.toLowerCase());
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("account %s stored by auth-service", username).isTrue();
                return new StoredVault(row.getBytes(1), row.getLong(2));
            }
        }
    }

    /** Puts an earlier vault back, with its own version number, as a server rolling the account back would. */
    void replaceVault(String username, StoredVault vault) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE account SET vault = ?, vault_version = ? WHERE username_canonical = ?")) {
            update.setBytes(1, vault.vault());
            update.setLong(2, vault.version());
            update.setString(3, username.toLowerCase());
            assertThat(update.executeUpdate()).as("accounts changed").isEqualTo(1);
        }
    }

    /** Changes the PBKDF2 iteration count the server hands out for an account, as a server weakening it would. */
    void setKdfIterations(String username, int iterations) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE account SET kdf_iterations = ? WHERE username_canonical = ?")) {
            update.setInt(1, iterations);
            update.setString(2, username.toLowerCase());
            assertThat(update.executeUpdate()).as("accounts changed").isEqualTo(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }
}
