package dev.parley.stack;

import java.util.Map;

/**
 * The backend services of the local stack. Each owns a PostgreSQL database and a role of the same name, and runs as
 * its own process from {@code <module>/target/quarkus-app/quarkus-run.jar}.
 * <p>
 * The last argument of each constant is the environment only that service needs, made from the data folder and the
 * stack's generated secrets; everything the services share is built in {@link ProcessPlan}.
 */
public enum Service {

    /**
     * Generates its token signing key pair once into the data folder and keeps it; believes forwarded client
     * addresses only from the gateway, which proves itself with the shared forwarding secret.
     */
    AUTH("auth", "auth-service", StackPort.AUTH, (home, secrets) -> Map.of(
            "PARLEY_AUTH_JWT_KEY_DIR", home.authKeys().toString(),
            "PARLEY_AUTH_GATEWAY_SECRET", secrets.gatewayForwardingSecret())),
    /** Refuses to start without the keys that encrypt and blind-index the social graph at rest. */
    FRIEND("friend", "friend-service", StackPort.FRIEND, (home, secrets) -> Map.of(
            "PARLEY_FRIEND_ENCRYPTION_CURRENT_KEY_ID", "local1",
            "PARLEY_FRIEND_ENCRYPTION_KEYS_LOCAL1", secrets.key("friend.encryption.local1"),
            "PARLEY_FRIEND_INDEX_KEY", secrets.key("friend.index"))),
    PRESENCE("presence", "presence-service", StackPort.PRESENCE, (home, secrets) -> Map.of()),
    CHAT("chat", "chat-service", StackPort.CHAT, (home, secrets) -> Map.of());

    /** Environment variables for one service. */
    @FunctionalInterface
    interface ExtraEnvironment {
        Map<String, String> of(StackHome home, Secrets secrets);
    }

    private final String shortName;
    private final String module;
    private final StackPort port;
    private final ExtraEnvironment extraEnvironment;

    Service(String shortName, String module, StackPort port, ExtraEnvironment extraEnvironment) {
        this.shortName = shortName;
        this.module = module;
        this.port = port;
        this.extraEnvironment = extraEnvironment;
    }

    /** The Maven module, which is also the process name in logs and pid files. */
    public String module() {
        return module;
    }

    public String database() {
        return shortName;
    }

    public String role() {
        return shortName;
    }

    public StackPort port() {
        return port;
    }

    Map<String, String> extraEnvironment(StackHome home, Secrets secrets) {
        return extraEnvironment.of(home, secrets);
    }
}
