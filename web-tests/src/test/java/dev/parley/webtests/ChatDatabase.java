package dev.parley.webtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.stack.Database;

/**
 * chat-service's own database on the stack's PostgreSQL, reached as chat-service reaches it (its role and generated
 * password): what a curious or compromised server could change behind the clients' backs. Tables as in
 * chat-service/src/main/resources/db/migration.
 */
final class ChatDatabase {

    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;

    ChatDatabase(Database database) {
        this.database = database;
    }

    /** The envelope of a message, by the id clients see ({@code message.public_id}), as stored. */
    String envelope(UUID messageId) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT envelope FROM message WHERE public_id = ?")) {
            select.setObject(1, messageId);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("message %s stored by chat-service", messageId).isTrue();
                return row.getString(1);
            }
        }
    }

    void replaceEnvelope(UUID messageId, String envelope) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE message SET envelope = ? WHERE public_id = ?")) {
            update.setString(1, envelope);
            update.setObject(2, messageId);
            assertThat(update.executeUpdate()).as("messages changed").isEqualTo(1);
        }
    }

    /** The envelope of a group message, by the id clients see ({@code group_message.public_id}), as stored. */
    String groupEnvelope(UUID messageId) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT envelope FROM group_message WHERE public_id = ?")) {
            select.setObject(1, messageId);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("group message %s stored by chat-service", messageId).isTrue();
                return row.getString(1);
            }
        }
    }

    void replaceGroupEnvelope(UUID messageId, String envelope) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE group_message SET envelope = ? WHERE public_id = ?")) {
            update.setString(1, envelope);
            update.setObject(2, messageId);
            assertThat(update.executeUpdate()).as("group messages changed").isEqualTo(1);
        }
    }

    /** Removes a stored message, as a server that drops one would. */
    void deleteMessage(UUID messageId) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM message WHERE public_id = ?")) {
            delete.setObject(1, messageId);
            assertThat(delete.executeUpdate()).as("messages removed").isEqualTo(1);
        }
    }

    /** Replaces the identity public key chat-service hands out for a user (base64url of 32 bytes). */
    void replacePublicKey(UUID userId, String publicKey) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE known_user SET public_key = ? WHERE id = ?")) {
            update.setString(1, publicKey);
            update.setObject(2, userId);
            assertThat(update.executeUpdate()).as("users changed").isEqualTo(1);
        }
    }

    /**
     * The envelope with one character in the middle of its ciphertext changed to the next base64url character: still
     * well-formed (valid base64url of the same length, a middle character carries six whole bits), only the bytes
     * differ, so only AES-GCM can tell. Nothing else in the stored text changes.
     */
    static String withChangedCiphertext(String envelope) throws Exception {
        String ciphertext = JSON.readTree(envelope).path("ciphertext").asText();
        assertThat(ciphertext).as("the stored envelope's ciphertext").hasSizeGreaterThan(24);
        int at = envelope.indexOf(ciphertext);
        assertThat(envelope.indexOf(ciphertext, at + 1)).as("the ciphertext occurs once in the envelope").isEqualTo(-1);

        int middle = ciphertext.length() / 2;
        char original = ciphertext.charAt(middle);
        char changed = BASE64URL.charAt((BASE64URL.indexOf(original) + 1) % BASE64URL.length());
        String tampered = ciphertext.substring(0, middle) + changed + ciphertext.substring(middle + 1);
        assertThat(Base64.getUrlDecoder().decode(tampered))
                .as("the changed ciphertext still decodes, to as many bytes")
                .hasSameSizeAs(Base64.getUrlDecoder().decode(ciphertext));
        return envelope.substring(0, at) + tampered + envelope.substring(at + ciphertext.length());
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }
}
