package dev.parley.gateway;

import java.time.Duration;
import java.util.UUID;

import dev.parley.testing.TestTokens;

/**
 * Authorization header values with tokens as auth-service issues them, signed by the key the fake auth service
 * publishes.
 */
final class Tokens {

    private Tokens() {
    }

    static String validBearer() {
        return "Bearer " + TestTokens.accessToken(UUID.randomUUID(), "alice1");
    }

    static String bearerValidFor(Duration validFor) {
        return "Bearer " + TestTokens.accessToken(UUID.randomUUID(), "alice1", validFor);
    }
}
