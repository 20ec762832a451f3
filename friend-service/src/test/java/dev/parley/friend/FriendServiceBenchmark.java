package dev.parley.friend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import dev.parley.friend.crypto.BlindIndexes;
import dev.parley.friend.crypto.RowCipher;
import dev.parley.testing.ParleyTestResource;
import dev.parley.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A benchmark, not a test: it loads 100,000 users, 1,000,000 friendships (2,000,000 rows, one per member) and 200,000
 * pending requests, sealed and indexed by the service's own crypto, into the real PostgreSQL of the test
 * infrastructure, then times "list my friends", "list received requests" and "send request" through the HTTP API, one
 * request at a time, and prints the query plans of what those requests run.
 * <p>
 * Excluded from the normal build; run with {@code ./mvnw -B -pl friend-service test -Pbenchmark}. The report is
 * written to {@code friend-service/target/benchmark/friend-service.txt}.
 */
@Tag("benchmark")
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "friend"))
class FriendServiceBenchmark {

    private static final int USERS = 100_000;
    private static final int FRIENDSHIPS = 1_000_000;
    private static final int PENDING_REQUESTS = 200_000;
    private static final int WARM_UP = 500;
    private static final int SAMPLES = 2_000;
    private static final Path REPORT = Path.of("target/benchmark/friend-service.txt");
    private static final Instant LOADED_AT = Instant.parse("2026-11-01T12:00:00Z");

    @Inject
    AgroalDataSource database;

    @Inject
    BlindIndexes indexes;

    @Inject
    RowCipher cipher;

    @TestHTTPResource("/")
    URI service;

    private final Random random = new Random(20261128);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final StringBuilder report = new StringBuilder();

    private UUID[] ids;
    private String[] usernames;
    /** Pairs that are friends or have a request between them, as {@link #pairKey}. */
    private final Set<Long> linked = new HashSet<>();

    @Test
    void socialGraphAtScale() throws Exception {
        long loadStarted = System.nanoTime();
        loadUsers();
        loadFriendships();
        loadPendingRequests();
        analyze();
        line("Loaded %,d users, %,d friendships (%,d rows) and %,d pending requests in %.0f s",
                USERS, FRIENDSHIPS, 2 * FRIENDSHIPS, PENDING_REQUESTS, (System.nanoTime() - loadStarted) / 1e9);
        line("Table sizes (with indexes): %s", tableSizes());
        line("Machine: %d cores, %s; one client, one request at a time, %,d warm-up and %,d measured requests each",
                Runtime.getRuntime().availableProcessors(), postgresVersion(), WARM_UP, SAMPLES);
        line("");

        measure("GET  /api/friends (list my friends)", () -> get("/api/friends"));
        measure("GET  /api/friends/requests/received", () -> get("/api/friends/requests/received"));
        measure("POST /api/friends/requests (send request)", this::requestToAStranger);
        // The machine may be shared: the load says how much of it the service had.
        line("System load average (1 min) after measuring: %.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        line("");

        int userIndex = randomUser();
        UUID user = ids[userIndex];
        UUID stranger = ids[strangerTo(userIndex)];
        explain("list my friends: the user's rows", "select f1_0.id, f1_0.created_at, f1_0.key_id,"
                + " f1_0.member_index, f1_0.pair_index, f1_0.sealed from friendship f1_0 where f1_0.member_index = ?",
                indexes.member(user));
        explain("list my friends: their usernames", "select ku1_0.id, ku1_0.updated_at, ku1_0.username,"
                + " ku1_0.username_canonical from known_user ku1_0 where ku1_0.id in (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (Object[]) Arrays.copyOf(ids, 10));
        explain("list received requests", "select fr1_0.id, fr1_0.created_at, fr1_0.decided_at, fr1_0.key_id,"
                + " fr1_0.pair_index, fr1_0.recipient_index, fr1_0.sealed, fr1_0.sender_index, fr1_0.status"
                + " from friend_request fr1_0 where fr1_0.recipient_index = ? and fr1_0.status = ?"
                + " order by fr1_0.created_at desc", indexes.recipient(user), "PENDING");
        explain("send request: the recipient by username", "select ku1_0.id, ku1_0.updated_at, ku1_0.username,"
                + " ku1_0.username_canonical from known_user ku1_0 where ku1_0.username_canonical = ?"
                + " offset 0 rows fetch first 1 rows only", usernames[0].toLowerCase());
        explain("send request: are they friends", "select count(*) from friendship f1_0 where f1_0.pair_index = ?",
                indexes.pair(user, stranger));
        explain("send request: the requests between them", "select fr1_0.id, fr1_0.created_at, fr1_0.decided_at,"
                + " fr1_0.key_id, fr1_0.pair_index, fr1_0.recipient_index, fr1_0.sealed, fr1_0.sender_index,"
                + " fr1_0.status from friend_request fr1_0 where fr1_0.pair_index = ?", indexes.pair(user, stranger));

        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, report);
        System.out.println(report);
    }

    private void loadUsers() throws SQLException, IOException {
        ids = new UUID[USERS];
        usernames = new String[USERS];
        try (Copy copy = new Copy("known_user (id, username, username_canonical, updated_at)")) {
            for (int i = 0; i < USERS; i++) {
                ids[i] = new UUID(random.nextLong(), random.nextLong());
                usernames[i] = "Bench" + i;
                copy.row(ids[i], usernames[i], usernames[i].toLowerCase(), LOADED_AT);
            }
        }
    }

    private void loadFriendships() throws SQLException, IOException {
        byte[][] members = new byte[USERS][];
        for (int i = 0; i < USERS; i++) {
            members[i] = indexes.member(ids[i]);
        }
        try (Copy copy = new Copy("friendship (id, pair_index, member_index, key_id, sealed, created_at)")) {
            int loaded = 0;
            while (loaded < FRIENDSHIPS) {
                int a = random.nextInt(USERS);
                int b = random.nextInt(USERS);
                if (a == b || !linked.add(pairKey(a, b))) {
                    continue;
                }
                byte[] pair = indexes.pair(ids[a], ids[b]);
                for (int[] side : new int[][] { { a, b }, { b, a } }) {
                    UUID rowId = UUID.randomUUID();
                    RowCipher.Sealed sealed = cipher.seal(Friendship.TABLE, rowId, ids[side[0]], ids[side[1]]);
                    copy.row(rowId, pair, members[side[0]], sealed.keyId(), sealed.bytes(), LOADED_AT);
                }
                loaded++;
            }
        }
    }

    private void loadPendingRequests() throws SQLException, IOException {
        try (Copy copy = new Copy("friend_request (id, sender_index, recipient_index, pair_index, key_id, sealed,"
                + " status, created_at)")) {
            int loaded = 0;
            while (loaded < PENDING_REQUESTS) {
                int sender = random.nextInt(USERS);
                int recipient = random.nextInt(USERS);
                if (sender == recipient || !linked.add(pairKey(sender, recipient))) {
                    continue;
                }
                UUID rowId = UUID.randomUUID();
                RowCipher.Sealed sealed = cipher.seal(FriendRequest.TABLE, rowId, ids[sender], ids[recipient]);
                copy.row(rowId, indexes.sender(ids[sender]), indexes.recipient(ids[recipient]),
                        indexes.pair(ids[sender], ids[recipient]), sealed.keyId(), sealed.bytes(), "PENDING",
                        LOADED_AT.minusSeconds(random.nextInt(30 * 24 * 3600)));
                loaded++;
            }
        }
    }

    private void analyze() throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("vacuum analyze known_user, friendship, friend_request");
        }
    }

    /** Times only the HTTP exchange: each request, with its freshly signed token, is built beforehand. */
    private void measure(String operation, Supplier<HttpRequest> requests) {
        for (int i = 0; i < WARM_UP; i++) {
            send(requests.get());
        }
        long[] nanos = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            HttpRequest request = requests.get();
            long started = System.nanoTime();
            HttpResponse<String> response = send(request);
            nanos[i] = System.nanoTime() - started;
            assertThat(response.statusCode()).as(operation + ": " + response.body()).isBetween(200, 201);
        }
        Arrays.sort(nanos);
        line("%-45s p50 %6.2f ms   p90 %6.2f ms   p99 %6.2f ms   max %6.2f ms", operation, percentile(nanos, 50),
                percentile(nanos, 90), percentile(nanos, 99), nanos[SAMPLES - 1] / 1e6);
    }

    private static double percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, rank)] / 1e6;
    }

    private int randomUser() {
        return random.nextInt(USERS);
    }

    /** A GET as a random user. */
    private HttpRequest get(String path) {
        return signedIn(HttpRequest.newBuilder(service.resolve(path)).GET(), randomUser());
    }

    /** A request to someone the sender has no link with yet, so each one is a real new request. */
    private HttpRequest requestToAStranger() {
        int sender = randomUser();
        int recipient = strangerTo(sender);
        linked.add(pairKey(sender, recipient));
        return signedIn(HttpRequest.newBuilder(service.resolve("/api/friends/requests"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + usernames[recipient] + "\"}")), sender);
    }

    private HttpRequest signedIn(HttpRequest.Builder request, int user) {
        return request.header("Authorization", "Bearer " + TestTokens.accessToken(ids[user], usernames[user])).build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int strangerTo(int user) {
        int other;
        do {
            other = randomUser();
        } while (other == user || linked.contains(pairKey(user, other)));
        return other;
    }

    /** Prints the plan PostgreSQL runs, and checks that it finds rows through an index. */
    private void explain(String what, String sql, Object... parameters) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement("explain (analyze, buffers) " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    plan.append("    ").append(result.getString(1)).append('\n');
                }
            }
        }
        line("EXPLAIN %s:%n%s", what, plan);
        assertThat(plan).as(what).contains("Index").doesNotContain("Seq Scan");
    }

    private String tableSizes() throws SQLException {
        List<String> sizes = new ArrayList<>();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select relname, pg_size_pretty(pg_total_relation_size(oid))"
                        + " from pg_class where relname in ('known_user', 'friendship', 'friend_request')"
                        + " order by relname")) {
            while (result.next()) {
                sizes.add(result.getString(1) + " " + result.getString(2));
            }
        }
        return String.join(", ", sizes);
    }

    private String postgresVersion() throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("show server_version")) {
            result.next();
            return "PostgreSQL " + result.getString(1);
        }
    }

    private static long pairKey(int a, int b) {
        return (long) Math.min(a, b) * USERS + Math.max(a, b);
    }

    private void line(String format, Object... arguments) {
        report.append(String.format(format, arguments)).append('\n');
    }

    /** Streams rows into a table with COPY (text format), as pg_restore would. */
    private final class Copy implements AutoCloseable {

        private static final int FLUSH_AT = 1 << 20;

        private final Connection connection;
        private final CopyIn copy;
        private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 4096);

        Copy(String tableAndColumns) throws SQLException {
            connection = database.getConnection();
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + tableAndColumns + " FROM STDIN");
        }

        void row(Object... values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    buffer.append('\t');
                }
                // COPY's text format escapes backslashes, so bytea's hex form \x... is written \\x...
                Object value = values[i];
                buffer.append(value instanceof byte[] bytes ? "\\\\x" + HexFormat.of().formatHex(bytes) : value);
            }
            buffer.append('\n');
            if (buffer.length() >= FLUSH_AT) {
                flush();
            }
        }

        private void flush() throws SQLException {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }

        @Override
        public void close() throws SQLException {
            flush();
            copy.endCopy();
            connection.close();
        }
    }
}
