package dev.parley.gateway.config;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The plain HTTP port only redirects to HTTPS. Quarkus' own redirect copies the request's Host header into
 * Location, so anyone could make the gateway send a browser to a host of their choosing; this one redirects only to
 * the gateway's public hosts: the Host asked for if it is one of them, else the first. Runs before every other
 * handler, so nothing else is ever served over plain HTTP.
 */
@ApplicationScoped
public class PlainHttpRedirect implements Handler<RoutingContext> {

    private final List<String> publicHosts;
    private final int httpsPort;

    PlainHttpRedirect(GatewayConfig config) {
        this.publicHosts = config.publicHosts().stream().map(host -> host.toLowerCase(Locale.ROOT)).toList();
        this.httpsPort = config.httpsPort();
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this);
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.isSSL()) {
            context.next();
            return;
        }
        String path = request.path() == null || !request.path().startsWith("/") ? "/" : request.path();
        String query = request.query() == null ? "" : "?" + request.query();
        context.response().setStatusCode(301)
                .putHeader(HttpHeaders.LOCATION, "https://" + host(request.authority()) + port() + path + query)
                .putHeader(HttpHeaders.CONTENT_LENGTH, "0")
                .end();
    }

    private String host(HostAndPort authority) {
        if (authority != null) {
            String asked = authority.host().toLowerCase(Locale.ROOT);
            if (publicHosts.contains(asked)) {
                return asked;
            }
        }
        return publicHosts.get(0);
    }

    private String port() {
        return httpsPort == 443 ? "" : ":" + httpsPort;
    }
}
