package dev.parley.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.client.crypto.Base64Url;
import dev.parley.client.crypto.IdentityKeyPair;
import dev.parley.client.crypto.KeyVault;
import dev.parley.client.crypto.PasswordKeys;

/**
 * Benchmark accounts, signed up through the auth API exactly as a client does it (PBKDF2 of a password, an identity
 * key pair, a sealed vault). PBKDF2 at the production count costs about half a second per account, so accounts are
 * made in parallel and kept in {@code <PARLEY_HOME>/loadgen/users.json} for later runs: that file holds their
 * authKeys and private keys, which is fine for throw-away benchmark accounts on a local stack only.
 */
final class BenchUsers {

    /** What a later run needs to sign in again and to read its messages. */
    record Account(String username, UUID userId, String authKey, String identity) {
    }

    /** A signed-in account. */
    record SignedIn(Account account, IdentityKeyPair identity, Session session) {
        UUID userId() {
            return account.userId();
        }

        /** The current access token: {@code user::accessToken} hands out the newest one after a refresh. */
        String accessToken() {
            return session.accessToken();
        }
    }

    /** A login's tokens; refreshing (which rotates the refresh token) replaces both. */
    static final class Session {
        private volatile String accessToken;
        private volatile Instant accessTokenExpiresAt;
        private String refreshToken;

        private Session(JsonNode answer) {
            take(answer);
        }

        String accessToken() {
            return accessToken;
        }

        Instant accessTokenExpiresAt() {
            return accessTokenExpiresAt;
        }

        /** A new access token through POST /api/auth/session/refresh; returns it. */
        synchronized String refresh(Http http) {
            take(http.post("/api/auth/session/refresh", null, Map.of("refreshToken", refreshToken)));
            return accessToken;
        }

        private void take(JsonNode answer) {
            accessToken = answer.get("accessToken").asText();
            accessTokenExpiresAt = Instant.parse(answer.get("accessTokenExpiresAt").asText());
            refreshToken = answer.get("refreshToken").asText();
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Http http;
    private final Path cache;
    private final int kdfIterations;
    private final int threads;

    BenchUsers(Http http, Path home, int kdfIterations, int threads) {
        this.http = http;
        this.cache = home.resolve("loadgen").resolve("users.json");
        this.kdfIterations = kdfIterations;
        this.threads = threads;
    }

    /** Signs in {@code count} accounts, making the ones the cache lacks. */
    List<SignedIn> signIn(int count) {
        List<Account> accounts = new ArrayList<>(load());
        if (accounts.size() < count) {
            int missing = count - accounts.size();
            System.out.printf("Signing up %d benchmark users (PBKDF2 with %d iterations each)...%n", missing, kdfIterations);
            accounts.addAll(inParallel(missing, ignored -> signUp()));
            save(accounts);
        }
        List<Account> used = accounts.subList(0, count);
        System.out.printf("Logging in %d users...%n", count);
        return inParallel(count, i -> logIn(used.get(i)));
    }

    private Account signUp() {
        String username = "bench" + HexFormat.of().formatHex(bytes(6));
        String password = "Pw!" + HexFormat.of().formatHex(bytes(6)) + "Z9";
        PasswordKeys keys = PasswordKeys.derive(username, password, kdfIterations);
        IdentityKeyPair identity = IdentityKeyPair.generate();
        byte[] vault = KeyVault.create(identity).seal(keys);
        var created = http.post("/api/auth/signup", null, Map.of(
                "username", username,
                "authKey", keys.authKeyBase64Url(),
                "kdfIterations", kdfIterations,
                "publicKey", identity.publicKey().toBase64Url(),
                "vault", Base64Url.encode(vault)));
        return new Account(username, UUID.fromString(created.get("userId").asText()), keys.authKeyBase64Url(),
                Base64Url.encode(identity.privateKeyPkcs8()));
    }

    private SignedIn logIn(Account account) {
        var session = http.post("/api/auth/login", null, Map.of("username", account.username(), "authKey", account.authKey()));
        return new SignedIn(account, IdentityKeyPair.fromPkcs8(Base64Url.decode(account.identity())),
                new Session(session));
    }

    private <T> List<T> inParallel(int count, IntFunction<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.apply(index)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (Exception e) {
            throw new IllegalStateException("Preparing users failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Account> load() {
        if (!Files.exists(cache)) {
            return List.of();
        }
        try {
            return Http.JSON.readValue(cache.toFile(), new TypeReference<List<Account>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + cache, e);
        }
    }

    private void save(List<Account> accounts) {
        try {
            Files.createDirectories(cache.getParent());
            Http.JSON.writerWithDefaultPrettyPrinter().writeValue(cache.toFile(), accounts);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + cache, e);
        }
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
