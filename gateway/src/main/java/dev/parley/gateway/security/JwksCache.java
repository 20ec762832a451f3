package dev.parley.gateway.security;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import dev.parley.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * auth-service's token verification keys, fetched from its JWKS with a non-blocking client and kept in memory.
 * <p>
 * They are fetched at start (and retried with a growing delay until it works: the gateway may well be up before
 * auth-service), again in the background once older than {@code jwks-refresh-interval}, and at once when a token
 * names a key id not among them (auth-service rotated its key). Fetches caused by tokens are at least
 * {@code jwks-min-refresh-interval} apart, and concurrent requests share one fetch.
 */
@Singleton
public class JwksCache {

    private static final Logger LOG = Logger.getLogger(JwksCache.class);
    private static final String WELL_KNOWN_PATH = "/.well-known/jwks.json";
    private static final long FETCH_TIMEOUT_MILLIS = 5000;
    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long MAX_RETRY_MILLIS = 30_000;

    /** A fetched key set and when (System.nanoTime) it was fetched. */
    record KeySet(List<JsonWebKey> keys, Set<String> keyIds, long fetchedAt) {

        static final KeySet NONE = new KeySet(List.of(), Set.of(), 0);

        boolean isEmpty() {
            return keys.isEmpty();
        }

        /** Whether a token naming this key id (null: none) can be checked with these keys. */
        boolean covers(String keyId) {
            return !isEmpty() && (keyId == null || keyIds.contains(keyId));
        }
    }

    private final String url;
    private final Vertx vertx;
    private final HttpClient client;
    private final RequestOptions request;
    private final long refreshIntervalNanos;
    private final long minRefreshIntervalNanos;

    private volatile KeySet current = KeySet.NONE;
    /** Guarded by this. */
    private Future<KeySet> inFlight;
    /** Guarded by this: when the last fetch started, or null before the first. */
    private Long lastFetchAt;
    /** Guarded by this. */
    private int failuresInARow;
    private volatile boolean closed;

    JwksCache(GatewayConfig config, Vertx vertx) {
        GatewayConfig.Jwt jwt = config.jwt();
        this.url = jwt.jwksUrl().orElse(config.services().auth() + WELL_KNOWN_PATH);
        URI parsed = URI.create(url);
        if (!("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme())) || parsed.getHost() == null) {
            throw new IllegalArgumentException("parley.gateway.jwt.jwks-url must be an http or https URL, not " + url);
        }
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(Math.toIntExact(config.connectTimeout().toMillis()))
                .setMaxPoolSize(1));
        this.request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url)
                .setIdleTimeout(FETCH_TIMEOUT_MILLIS)
                .putHeader(HttpHeaders.ACCEPT, "application/json");
        this.refreshIntervalNanos = jwt.jwksRefreshInterval().toNanos();
        this.minRefreshIntervalNanos = jwt.jwksMinRefreshInterval().toNanos();
    }

    void fetchAtStart(@Observes StartupEvent started) {
        fetchUntilThereAreKeys(FIRST_RETRY_MILLIS);
    }

    private void fetchUntilThereAreKeys(long retryMillis) {
        fetchNow(System.nanoTime()).onFailure(failure -> {
            if (current.isEmpty() && !closed) {
                long next = Math.min(2 * retryMillis, MAX_RETRY_MILLIS);
                vertx.setTimer(retryMillis, ignored -> fetchUntilThereAreKeys(next));
            }
        });
    }

    /**
     * The keys to check a token with this key id (null if it names none); completes at once unless the keys must be
     * fetched first. The result may be empty (never fetched) or not cover the id (unknown even after a fetch).
     */
    Future<KeySet> keysFor(String keyId) {
        KeySet keys = current;
        long now = System.nanoTime();
        if (keys.covers(keyId)) {
            if (now - keys.fetchedAt() > refreshIntervalNanos) {
                fetchIfAllowed(now);
            }
            return Future.succeededFuture(keys);
        }
        Future<KeySet> fetch = fetchIfAllowed(now);
        return fetch == null ? Future.succeededFuture(keys) : fetch.otherwise(failure -> current);
    }

    /** The fetch in flight, a new one, or null when the last one started too recently. */
    private synchronized Future<KeySet> fetchIfAllowed(long now) {
        if (inFlight == null && lastFetchAt != null && now - lastFetchAt < minRefreshIntervalNanos) {
            return null;
        }
        return fetchNow(now);
    }

    /** The fetch in flight, or a new one. */
    private synchronized Future<KeySet> fetchNow(long now) {
        if (inFlight != null) {
            return inFlight;
        }
        lastFetchAt = now;
        Promise<KeySet> done = Promise.promise();
        Future<KeySet> fetch = done.future();
        inFlight = fetch;
        fetch().onComplete(result -> {
            int failures;
            synchronized (this) {
                inFlight = null;
                failures = result.succeeded() ? 0 : ++failuresInARow;
                failuresInARow = failures;
            }
            if (result.succeeded()) {
                KeySet previous = current;
                current = result.result();
                if (!previous.keyIds().equals(current.keyIds())) {
                    LOG.infof("Verifying access tokens with the key(s) %s from %s", current.keyIds(), url);
                }
            } else if (failures == 1) {
                LOG.warnf("Could not fetch the token verification keys from %s: %s (further failures in a row are "
                        + "logged at DEBUG)", url, result.cause().getMessage());
            } else {
                LOG.debugf("Could not fetch the token verification keys from %s: %s", url, result.cause().getMessage());
            }
            done.handle(result);
        });
        return fetch;
    }

    private Future<KeySet> fetch() {
        return client.request(request)
                .compose(outgoing -> outgoing.send())
                .compose(response -> response.body().compose(body -> response.statusCode() == 200
                        ? Future.succeededFuture(body)
                        : Future.failedFuture("it answered " + response.statusCode())))
                .map(JwksCache::parse);
    }

    /** The EC P-256 signing keys of a JWKS (auth-service signs with ES256 only). */
    static KeySet parse(Buffer body) {
        List<JsonWebKey> keys;
        try {
            keys = new JsonWebKeySet(body.toString()).getJsonWebKeys().stream()
                    .filter(key -> key instanceof EllipticCurveJsonWebKey ec
                            && EllipticCurves.P_256.equals(ec.getCurveName()))
                    .filter(key -> key.getUse() == null || "sig".equals(key.getUse()))
                    .toList();
        } catch (JoseException e) {
            throw new IllegalStateException("not a JSON Web Key Set: " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("the key set holds no EC P-256 signing key");
        }
        Set<String> ids = keys.stream().map(JsonWebKey::getKeyId).filter(Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
        return new KeySet(keys, ids, System.nanoTime());
    }

    @PreDestroy
    void close() {
        closed = true;
        client.close();
    }
}
