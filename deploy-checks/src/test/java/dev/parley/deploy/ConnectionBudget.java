package dev.parley.deploy;

import java.util.regex.Pattern;

/**
 * The PostgreSQL connections one instance of a module may open, from its settings under a deployment's environment:
 * its reactive pool, its JDBC pool (Flyway, and chat-service's delivery slot) and, for a module with an outbox, the
 * relay's LISTEN connection. Quarkus' default for either pool is 20, so an unset size counts as 20.
 */
final class ConnectionBudget {

    static final int QUARKUS_DEFAULT_POOL = 20;
    /** Kept by PostgreSQL for superusers (superuser_reserved_connections' default). */
    static final int SUPERUSER_RESERVED = 3;
    private static final Pattern OUTBOX = Pattern.compile("<artifactId>parley-outbox</artifactId>");

    private ConnectionBudget() {
    }

    static int reactivePool(ServiceModule service) {
        return Integer.parseInt(service.setting("quarkus.datasource.reactive.max-size")
                .orElse(String.valueOf(QUARKUS_DEFAULT_POOL)));
    }

    static int jdbcPool(ServiceModule service) {
        return Integer.parseInt(service.setting("quarkus.datasource.jdbc.max-size")
                .orElse(String.valueOf(QUARKUS_DEFAULT_POOL)));
    }

    /** The outbox relay LISTENs on a connection of its own, beside the pools. */
    static int listening(ServiceModule service) {
        return OUTBOX.matcher(Repository.read(service.module() + "/pom.xml")).find() ? 1 : 0;
    }

    static int perInstance(ServiceModule service) {
        return service.database().isEmpty() ? 0 : reactivePool(service) + jdbcPool(service) + listening(service);
    }
}
