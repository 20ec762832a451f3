package dev.parley.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.parley.auth.Account;
import dev.parley.auth.config.AuthConfig;

/** Argon2id with light parameters, no Quarkus: there is no Vert.x context, so results come on the hashing pool. */
class CredentialHasherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final CredentialHasher hasher = new CredentialHasher(config(1024, 1));
    private final CredentialHasher stronger = new CredentialHasher(config(2048, 2));

    @AfterEach
    void stopPools() {
        hasher.shutdown();
        stronger.shutdown();
    }

    @Test
    void theSameKeyMatchesAndAnyOtherDoesNot() {
        Account account = account(hasher.create(key(1)).await().atMost(WAIT));

        assertThat(hasher.matches(account, key(1)).await().atMost(WAIT)).isTrue();
        assertThat(hasher.matches(account, key(2)).await().atMost(WAIT)).isFalse();
    }

    @Test
    void aCredentialIsSaltedSoTheSameKeyHashesDifferently() {
        CredentialHasher.Credential first = hasher.create(key(1)).await().atMost(WAIT);
        CredentialHasher.Credential second = hasher.create(key(1)).await().atMost(WAIT);

        assertThat(first.salt()).hasSize(CredentialHasher.SALT_BYTES).isNotEqualTo(second.salt());
        assertThat(first.hash()).hasSize(CredentialHasher.HASH_BYTES).isNotEqualTo(second.hash());
        assertThat(first.memoryKib()).isEqualTo(1024);
        assertThat(first.iterations()).isEqualTo(1);
    }

    @Test
    void anAccountIsCheckedWithTheParametersItWasHashedWithSoTheyCanBeRaisedLater() {
        Account madeBefore = account(hasher.create(key(3)).await().atMost(WAIT));

        assertThat(stronger.matches(madeBefore, key(3)).await().atMost(WAIT)).isTrue();
    }

    @Test
    void anUnknownUsernameNeverMatchesNotEvenTheDecoysOwnKey() {
        assertThat(hasher.matches(null, new byte[CredentialHasher.HASH_BYTES]).await().atMost(WAIT)).isFalse();
    }

    private static Account account(CredentialHasher.Credential credential) {
        Account account = new Account();
        account.authHash = credential.hash();
        account.authSalt = credential.salt();
        account.argon2MemoryKib = credential.memoryKib();
        account.argon2Iterations = credential.iterations();
        account.argon2Parallelism = credential.parallelism();
        return account;
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        key[0] = (byte) seed;
        return key;
    }

    private static AuthConfig config(int memoryKib, int iterations) {
        AuthConfig.Argon2 argon2 = stub(AuthConfig.Argon2.class, Map.of("memoryKib", memoryKib, "iterations", iterations,
                "parallelism", 1, "threads", 1, "queue", 16));
        return stub(AuthConfig.class, Map.of("argon2", argon2));
    }

    /** Answers the settings the hasher reads; any other call is a mistake in the test. */
    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
            if (!answers.containsKey(method.getName())) {
                throw new UnsupportedOperationException(method.getName());
            }
            return answers.get(method.getName());
        });
    }
}
