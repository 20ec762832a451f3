package dev.parley.auth.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

import dev.parley.api.ApiException;
import dev.parley.auth.config.AuthConfig;

/**
 * The browser's refresh token: an HttpOnly, Secure, SameSite=Strict cookie sent only to the session endpoints, so
 * page scripts can never read it and other sites can never make the browser send it. The device token travels the
 * same way, only to the login endpoint.
 */
@ApplicationScoped
class SessionCookies {

    static final String NAME = "parley_refresh";
    /** The browser's device token: marks it as a device that has signed in before (see LoginThrottle). */
    static final String DEVICE = "parley_device";
    private static final String DEVICE_PATH = "/api/auth/login";
    /** The longest lifetime browsers grant a cookie (400 days). */
    private static final Duration DEVICE_LIFETIME = Duration.ofDays(400);

    private final AuthConfig config;

    SessionCookies(AuthConfig config) {
        this.config = config;
    }

    NewCookie carrying(String refreshToken, Instant expiresAt) {
        return cookie(refreshToken, Date.from(expiresAt), (int) Duration.between(Instant.now(), expiresAt).toSeconds());
    }

    NewCookie device(String deviceToken) {
        return new NewCookie.Builder(DEVICE)
                .value(deviceToken)
                .path(DEVICE_PATH)
                .httpOnly(true)
                .secure(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) DEVICE_LIFETIME.toSeconds())
                .build();
    }

    NewCookie cleared() {
        return cookie("", new Date(0), 0);
    }

    /** A request that relies on the cookie must come from the web client's own origin (when the browser says). */
    void requireAllowedOrigin(String origin) {
        if (origin != null && !config.allowedOrigins().contains(origin)) {
            throw ApiException.forbidden("Requests from this origin are not allowed.");
        }
    }

    private NewCookie cookie(String value, Date expiry, int maxAge) {
        return new NewCookie.Builder(NAME)
                .value(value)
                .path(config.refresh().cookiePath())
                .httpOnly(true)
                .secure(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .expiry(expiry)
                .maxAge(maxAge)
                .build();
    }
}
