package dev.parley.gateway.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.parley.api.ErrorCode;
import dev.parley.gateway.config.GatewayConfig;
import dev.parley.gateway.error.ErrorBody;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The edge's rate limits per client address: tight ones on the auth endpoints that cost the auth service a slow
 * hash or invite guessing (login, sign-up, prelogin, session refresh), a looser one on the rest of the API and on
 * WebSocket upgrades. Refused requests get 429 with Retry-After and never reach a service.
 * <p>
 * Buckets live in this instance's memory: with several gateway instances behind a balancer, a client gets up to
 * the limit at each. The services keep their own, stricter checks (auth-service's per-account login throttle).
 */
@Singleton
public class RateLimits implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(RateLimits.class);
    private static final long SWEEP_INTERVAL_MILLIS = Duration.ofMinutes(1).toMillis();

    private final Map<String, RateLimiter> byPath;
    private final RateLimiter api;
    private final List<RateLimiter> all;
    private final Vertx vertx;
    private final long sweepTimer;
    private final MeterRegistry metrics;

    RateLimits(GatewayConfig config, Vertx vertx, MeterRegistry metrics) {
        this.metrics = metrics;
        GatewayConfig.RateLimits limits = config.rateLimits();
        int maxClients = limits.maxTrackedClients();
        LongSupplier clock = System::nanoTime;
        Map<String, RateLimiter> authEndpoints = new LinkedHashMap<>();
        authEndpoints.put("/api/auth/login", new RateLimiter("login", limits.login(), maxClients, clock));
        authEndpoints.put("/api/auth/signup", new RateLimiter("signup", limits.signup(), maxClients, clock));
        authEndpoints.put("/api/auth/prelogin", new RateLimiter("prelogin", limits.prelogin(), maxClients, clock));
        authEndpoints.put("/api/auth/session/refresh",
                new RateLimiter("session-refresh", limits.sessionRefresh(), maxClients, clock));
        this.byPath = Map.copyOf(authEndpoints);
        this.api = new RateLimiter("api", limits.api(), maxClients, clock);
        List<RateLimiter> all = new ArrayList<>(authEndpoints.values());
        all.add(api);
        this.all = List.copyOf(all);
        this.vertx = vertx;
        this.sweepTimer = vertx.setPeriodic(SWEEP_INTERVAL_MILLIS,
                ignored -> this.all.forEach(RateLimiter::forgetIdleClients));
        LOG.infof("Rate limits per client address: %s", this.all);
    }

    @Override
    public void handle(RoutingContext context) {
        RateLimiter limiter = byPath.getOrDefault(canonicalPath(context.normalizedPath()), api);
        Duration wait = limiter.acquire(ClientAddress.of(context.request().remoteAddress()));
        if (wait.isZero()) {
            context.next();
            return;
        }
        Counter.builder("parley.gateway.requests.limited").description("Requests refused by a rate limit (429)")
                .tag("limit", limiter.name()).register(metrics).increment();
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        context.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        ErrorBody.send(context.response(), 429, ErrorCode.TOO_MANY_REQUESTS,
                "Too many requests. Try again in " + seconds + " s.");
    }

    /**
     * The path as a lenient server could read it: empty segments, path parameters and a trailing slash dropped, so
     * that {@code /api/auth//login/} still counts as a login. (Whether it is public is decided on the exact path.)
     */
    static String canonicalPath(String normalizedPath) {
        StringBuilder canonical = new StringBuilder();
        for (String segment : normalizedPath.split("/")) {
            int parameters = segment.indexOf(';');
            String name = parameters >= 0 ? segment.substring(0, parameters) : segment;
            if (!name.isEmpty()) {
                canonical.append('/').append(name);
            }
        }
        return canonical.length() == 0 ? "/" : canonical.toString();
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(sweepTimer);
    }
}
