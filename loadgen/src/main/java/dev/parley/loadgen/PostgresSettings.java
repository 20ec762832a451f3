package dev.parley.loadgen;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The stack's PostgreSQL durability settings, which decide what a commit costs: a result measured with fsync off is
 * not comparable with one measured with it on. Read as chat-service's role ({@code chat}, in database {@code chat},
 * with the password the stack generated into {@code <home>/secrets.properties}) from the {@code postgres} address in
 * endpoints.properties. Anything that fails makes the values "unknown": they describe a run, they do not stop it.
 */
final class PostgresSettings {

    static final String UNKNOWN = "unknown";
    private static final List<String> SETTINGS = List.of("fsync", "synchronous_commit");
    private static final String DATABASE = "chat";
    private static final String ROLE = "chat";
    /** The stack's key for the chat role's password (stack's {@code Secrets.databasePassword}). */
    private static final String PASSWORD_KEY = "chat.database.password";
    private static final int TIMEOUT_SECONDS = 10;

    private PostgresSettings() {
    }

    /** Each setting's value, in {@link #SETTINGS} order; {@value #UNKNOWN} where it could not be read. */
    static Map<String, String> read(Options options) {
        Map<String, String> values = new LinkedHashMap<>();
        SETTINGS.forEach(setting -> values.put(setting, UNKNOWN));
        URI server = options.stackEndpoint("postgres").orElse(null);
        if (server == null) {
            System.out.println("PostgreSQL settings unknown: no postgres address in the stack's endpoints.properties");
            return values;
        }
        String url = "jdbc:postgresql://" + server.getRawAuthority() + "/" + DATABASE + "?connectTimeout="
                + TIMEOUT_SECONDS + "&socketTimeout=" + TIMEOUT_SECONDS;
        try (Connection connection = DriverManager.getConnection(url, ROLE, password(options.home()));
                Statement statement = connection.createStatement()) {
            for (String setting : SETTINGS) {
                try (ResultSet result = statement.executeQuery("SHOW " + setting)) {
                    if (result.next()) {
                        values.put(setting, result.getString(1));
                    }
                }
            }
        } catch (SQLException | IOException e) {
            System.out.println("PostgreSQL settings unknown: " + e.getMessage());
        }
        return values;
    }

    private static String password(Path home) throws IOException {
        Properties secrets = new Properties();
        try (Reader reader = Files.newBufferedReader(home.resolve("secrets.properties"))) {
            secrets.load(reader);
        }
        String password = secrets.getProperty(PASSWORD_KEY);
        if (password == null) {
            throw new IOException("no " + PASSWORD_KEY + " in " + home.resolve("secrets.properties"));
        }
        return password;
    }
}
