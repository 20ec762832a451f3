package dev.parley.friend;

import java.io.IOException;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.postgresql.PGConnection;

import dev.parley.friend.crypto.BlindIndexes;
import io.agroal.api.AgroalDataSource;

/** Looks at the friend database directly, as an operator (or someone holding a copy of it) would. */
@ApplicationScoped
public class TestDatabase {

    private final AgroalDataSource database;
    private final BlindIndexes indexes;

    TestDatabase(AgroalDataSource database, BlindIndexes indexes) {
        this.database = database;
        this.indexes = indexes;
    }

    /** The friendship rows of a pair: two while they are friends, none otherwise. */
    public long friendshipRows(UUID a, UUID b) {
        return count("select count(*) from friendship where pair_index = ?", indexes.pair(a, b));
    }

    /** The request rows between two users, in either direction. */
    public long requestRows(UUID a, UUID b) {
        return count("select count(*) from friend_request where pair_index = ?", indexes.pair(a, b));
    }

    /** Every row under any of the user's blind indexes. */
    public long rowsOf(UUID user) {
        return count("select count(*) from friendship where member_index = ?", indexes.member(user))
                + count("select count(*) from friend_request where sender_index = ?", indexes.sender(user))
                + count("select count(*) from friend_request where recipient_index = ?", indexes.recipient(user));
    }

    /** The table as pg_dump writes its data: COPY's text format, bytea in hex. */
    public String dump(String table) {
        try (Connection connection = database.getConnection()) {
            StringWriter out = new StringWriter();
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + table + " TO STDOUT", out);
            return out.toString();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int update(String sql, Object... parameters) {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each row of the result as its columns' text, for comparing states. */
    public List<List<String>> rows(String sql, Object... parameters) {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet result = statement.executeQuery()) {
            List<List<String>> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getString(column));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql, Object... parameters) {
        return Long.parseLong(rows(sql, parameters).get(0).get(0));
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
