package dev.parley.gateway.config;

import jakarta.inject.Singleton;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The plain HTTP port only redirects to HTTPS, and Quarkus builds that redirect from the Host header. A client that
 * upgrades to cleartext HTTP/2 (h2c, as curl --http2 and Java's HttpClient try) sends no Host header, only the
 * :authority pseudo-header, and would get a 404 instead of the redirect; so the plain port speaks HTTP/1.1 only.
 */
@Singleton
public class PlainHttpRedirectServer implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
