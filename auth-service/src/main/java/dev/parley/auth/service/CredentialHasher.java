package dev.parley.auth.service;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import dev.parley.api.ApiException;
import dev.parley.auth.Account;
import dev.parley.auth.config.AuthConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Argon2id over the client's authKey (Bouncy Castle), on a small pool of its own: hashing is slow and memory-hungry
 * by design, so it never runs on the event loop, and a bounded queue keeps a login flood from exhausting memory.
 */
@ApplicationScoped
public class CredentialHasher {

    public static final int SALT_BYTES = 16;
    public static final int HASH_BYTES = 32;

    /** A stored credential: the hash and what it was made with. */
    public record Credential(byte[] hash, byte[] salt, int memoryKib, int iterations, int parallelism) {
    }

    private final SecureRandom random = new SecureRandom();
    private final AuthConfig.Argon2 settings;
    private final ExecutorService pool;
    /** Compared against when the username is unknown, so that case costs the same time as a wrong key. */
    private final Credential decoy;

    CredentialHasher(AuthConfig config) {
        this.settings = config.argon2();
        int threads = settings.threads() > 0 ? settings.threads() : Runtime.getRuntime().availableProcessors();
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queue()), task -> {
                    Thread thread = new Thread(task, "argon2-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        byte[] salt = randomSalt();
        this.decoy = new Credential(argon2(new byte[HASH_BYTES], salt, settings.memoryKib(), settings.iterations(),
                settings.parallelism()), salt, settings.memoryKib(), settings.iterations(), settings.parallelism());
    }

    /** A new credential for the authKey with the configured parameters. */
    public Uni<Credential> create(byte[] authKey) {
        byte[] salt = randomSalt();
        return offload(() -> new Credential(argon2(authKey, salt, settings.memoryKib(), settings.iterations(),
                settings.parallelism()), salt, settings.memoryKib(), settings.iterations(), settings.parallelism()));
    }

    /** Whether the authKey matches the account's credential; a null account is checked against a decoy. */
    public Uni<Boolean> matches(Account account, byte[] authKey) {
        Credential stored = account == null ? decoy
                : new Credential(account.authHash, account.authSalt, account.argon2MemoryKib, account.argon2Iterations,
                        account.argon2Parallelism);
        return offload(() -> {
            byte[] computed = argon2(authKey, stored.salt(), stored.memoryKib(), stored.iterations(), stored.parallelism());
            return MessageDigest.isEqual(computed, stored.hash()) && account != null;
        });
    }

    /** Runs the work on the hashing pool and comes back on the caller's Vert.x context (its DB session lives there). */
    private <T> Uni<T> offload(java.util.function.Supplier<T> work) {
        Context caller = Vertx.currentContext();
        Uni<T> hashed = Uni.createFrom().emitter(emitter -> {
            try {
                pool.execute(() -> {
                    try {
                        emitter.complete(work.get());
                    } catch (RuntimeException e) {
                        emitter.fail(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                emitter.fail(ApiException.unavailable("The server is busy. Please try again in a moment.", 2));
            }
        });
        return caller == null ? hashed : hashed.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    private static byte[] argon2(byte[] secret, byte[] salt, int memoryKib, int iterations, int parallelism) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build());
        byte[] hash = new byte[HASH_BYTES];
        generator.generateBytes(secret, hash);
        return hash;
    }

    private byte[] randomSalt() {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return salt;
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }
}
