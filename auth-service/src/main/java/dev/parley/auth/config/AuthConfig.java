package dev.parley.auth.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything auth-service can be tuned with; each key is also an environment variable (PARLEY_AUTH_...). */
@ConfigMapping(prefix = "parley.auth")
public interface AuthConfig {

    Kdf kdf();

    Argon2 argon2();

    Jwt jwt();

    Refresh refresh();

    Throttle throttle();

    Purge purge();

    /** Largest key vault accepted, in bytes (after base64url decoding). */
    @WithDefault("65536")
    int maxVaultBytes();

    /**
     * The secret the gateway sends in X-Parley-Gateway; only requests carrying it may name the client's address in
     * X-Forwarded-For. Unset: forwarded addresses are never believed.
     */
    Optional<String> gatewaySecret();

    /** Origins allowed to use the refresh cookie (the web client's own origin). */
    @WithDefault("https://localhost:8443")
    List<String> allowedOrigins();

    interface Kdf {
        /** What prelogin answers for unknown usernames, and what clients use by default. */
        @WithDefault("600000")
        int defaultIterations();

        /** Sign-ups below this are refused. */
        @WithDefault("600000")
        int minIterations();

        /** Sign-ups above this are refused, so nobody can make logins arbitrarily slow for their devices. */
        @WithDefault("10000000")
        int maxIterations();
    }

    interface Argon2 {
        @WithDefault("19456")
        int memoryKib();

        @WithDefault("2")
        int iterations();

        @WithDefault("1")
        int parallelism();

        /** Threads hashing at once; each holds memoryKib of memory. 0 means one per CPU core. */
        @WithDefault("0")
        int threads();

        /** Hashes waiting for a thread before requests are turned away with 503. */
        @WithDefault("256")
        int queue();
    }

    interface Jwt {
        @WithDefault("parley")
        String issuer();

        @WithDefault("parley")
        String audience();

        @WithDefault("15m")
        Duration accessTokenTtl();

        /** PEM (PKCS#8) EC P-256 private signing key; with publicKeyFile. Production sets both. */
        Optional<Path> signingKeyFile();

        /** PEM (SubjectPublicKeyInfo) public key of signingKeyFile. */
        Optional<Path> publicKeyFile();

        /** Public keys of earlier signing keys, still published in the JWKS while their tokens live. */
        Optional<List<Path>> previousPublicKeyFiles();

        /**
         * Without signing key files, a key pair is generated here once and kept (local stack, tests, a single
         * instance). Several instances must share configured keys instead.
         */
        Optional<Path> keyDir();
    }

    interface Refresh {
        @WithDefault("30d")
        Duration ttl();

        /** The cookie goes only to the session endpoints (refresh and logout). */
        @WithDefault("/api/auth/session")
        String cookiePath();
    }

    /** The hourly removal of rows nothing can use any more ({@code StaleRowsPurge}). */
    interface Purge {
        @WithDefault("1h")
        Duration interval();

        /**
         * How long expired and revoked refresh tokens are kept before they are deleted; they are refused either way,
         * the rows only help to read the logs of a recent incident. Rotated tokens of a live session stay until they
         * expire, because presenting one of them again is how a stolen copy is noticed.
         */
        @WithDefault("1d")
        Duration tokenRetention();

        /** Known devices not used for a login for this long are forgotten (their next login counts as new). */
        @WithDefault("400d")
        Duration knownDeviceRetention();
    }

    interface Throttle {
        /**
         * Failed logins for one account from one address (or, signed in, wrong passwords within one session) within
         * the window before they are blocked for a while.
         */
        @WithDefault("5")
        int accountFailures();

        /** Failed logins for one account from devices it does not know, from any address, before those are blocked. */
        @WithDefault("10")
        int accountFailuresFromAnywhere();

        /** Failed logins from one known device of an account before that device is blocked. */
        @WithDefault("5")
        int deviceFailures();

        /** Known devices remembered per account; the least recently used is forgotten first. */
        @WithDefault("20")
        int knownDevicesPerAccount();

        /** Failed logins from one client address within the window before it is blocked. */
        @WithDefault("20")
        int addressFailures();

        @WithDefault("15m")
        Duration window();

        /** The first block; each further failure doubles it, up to maxBlock. */
        @WithDefault("30s")
        Duration baseBlock();

        @WithDefault("15m")
        Duration maxBlock();
    }
}
