package dev.parley.stack;

/** Every port the local stack listens on, with the environment variable that moves it and its default. */
public enum StackPort {

    HTTPS("PARLEY_HTTPS_PORT", 8443, "the gateway (HTTPS)"),
    HTTP("PARLEY_HTTP_PORT", 8080, "the gateway (plain HTTP, redirects to HTTPS)"),
    AUTH("PARLEY_AUTH_PORT", 8181, "auth-service"),
    FRIEND("PARLEY_FRIEND_PORT", 8182, "friend-service"),
    PRESENCE("PARLEY_PRESENCE_PORT", 8183, "presence-service"),
    CHAT("PARLEY_CHAT_PORT", 8184, "chat-service"),
    POSTGRES("PARLEY_POSTGRES_PORT", 15432, "PostgreSQL"),
    KAFKA("PARLEY_KAFKA_PORT", 19092, "Kafka");

    private final String variable;
    private final int defaultPort;
    private final String listener;

    StackPort(String variable, int defaultPort, String listener) {
        this.variable = variable;
        this.defaultPort = defaultPort;
        this.listener = listener;
    }

    public String variable() {
        return variable;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** What listens on this port, in words. */
    public String listener() {
        return listener;
    }

    /** True for the ports that {@code ./parley infra} needs as well. */
    public boolean isInfrastructure() {
        return this == POSTGRES || this == KAFKA;
    }
}
