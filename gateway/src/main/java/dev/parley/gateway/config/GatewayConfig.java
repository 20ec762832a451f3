package dev.parley.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithConverter;

/**
 * Where the services are, how the gateway connects to them and what it checks at the edge; defaults live in
 * application.properties.
 */
@ConfigMapping(prefix = "parley.gateway")
public interface GatewayConfig {

    Services services();

    /** How long to wait for a connection to a service instance before trying the next, or answering 502. */
    Duration connectTimeout();

    /**
     * How long an instance that could not be reached is tried only after the others, so that one that died does not
     * cost every request a failed attempt first.
     */
    Duration unreachableInstancePause();

    /** Pooled connections to each service instance for HTTP requests; requests beyond it wait for a free one. */
    int maxConnectionsPerService();

    /**
     * Open WebSockets to each service instance (each is a connection of its own); an upgrade beyond it goes to another
     * instance, or is refused when all are full.
     */
    int maxWebSocketsPerService();

    /**
     * Largest request body passed to a service (under /api/ and /ws/); a larger one gets 413, whether it announces
     * its length or streams it.
     */
    MemorySize maxRequestBodySize();

    /**
     * Longest request target (path and query) passed to a service (under /api/ and /ws/); a longer one gets 414. It
     * stays below the services' 4,096-character request line, which also holds the method and the protocol.
     */
    int maxRequestTargetLength();

    /**
     * How long browsers may use a static file other than an HTML page without asking again; 0 means they revalidate
     * it on every use (HTML pages always are).
     */
    Duration staticAssetsMaxAge();

    /**
     * Origins whose pages may open WebSockets through the gateway. Unset, only the gateway's own origin is allowed:
     * https and the Host the request was sent to.
     */
    Optional<List<String>> allowedOrigins();

    /**
     * The host names users reach the gateway by (the first is the canonical one): the only hosts the plain HTTP port
     * redirects to.
     */
    @WithDefault("localhost,127.0.0.1")
    List<String> publicHosts();

    /** The HTTPS port users reach the gateway on, for redirects (443 behind a load balancer). */
    int httpsPort();

    /**
     * Sent to the services in X-Parley-Gateway with every request, so that they believe the client address in
     * X-Forwarded-For from the gateway and from no other caller (auth-service's PARLEY_AUTH_GATEWAY_SECRET).
     */
    Optional<String> forwardingSecret();

    Jwt jwt();

    RateLimits rateLimits();

    /** Base URLs of the services the gateway routes to. */
    interface Services {

        @WithConverter(ServiceAddressConverter.class)
        ServiceAddress auth();

        @WithConverter(ServiceAddressConverter.class)
        ServiceAddress friend();

        @WithConverter(ServiceAddressConverter.class)
        ServiceAddress presence();

        /** Every instance, comma-separated: the gateway balances requests and WebSockets over them. */
        @WithConverter(ServiceAddressConverter.class)
        List<ServiceAddress> chat();
    }

    /** How access tokens are checked at the edge: the same expectations as the services' {@code mp.jwt.verify.*}. */
    interface Jwt {

        /** auth-service's JSON Web Key Set; unset, {@code /.well-known/jwks.json} at the auth service's address. */
        Optional<String> jwksUrl();

        String issuer();

        String audience();

        /** Tolerated difference between the clocks of the auth service and the gateway, for exp, iat and nbf. */
        Duration clockSkew();

        /** Keys older than this are fetched again in the background (tokens keep being checked meanwhile). */
        Duration jwksRefreshInterval();

        /**
         * The least time between two fetches caused by tokens (an unknown key id, or keys that could not be fetched):
         * made-up key ids must not turn the gateway into a load generator against the auth service.
         */
        Duration jwksMinRefreshInterval();
    }

    /** Requests allowed per client address and gateway instance; each rule is a token bucket. */
    interface RateLimits {

        /** /api/auth/login. */
        RateLimit login();

        /** /api/auth/signup. */
        RateLimit signup();

        /** /api/auth/prelogin. */
        RateLimit prelogin();

        /** /api/auth/session/refresh. */
        RateLimit sessionRefresh();

        /** Every other request under /api/ and every WebSocket upgrade under /ws/. */
        RateLimit api();

        /**
         * Client addresses remembered per rule. When full, addresses whose bucket has refilled are forgotten; an
         * address beyond that is let through unlimited (and a warning logged) rather than refused.
         */
        int maxTrackedClients();
    }

    /** Up to {@code requests} at once, refilled evenly over {@code per}. */
    interface RateLimit {

        int requests();

        Duration per();
    }
}
