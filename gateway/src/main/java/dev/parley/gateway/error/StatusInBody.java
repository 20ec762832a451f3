package dev.parley.gateway.error;

import java.util.List;
import java.util.Locale;

import jakarta.inject.Singleton;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Refusals as 200 for a client that asks: with {@code Prefer: status-in-body} (a preference in the sense of RFC 7240)
 * an API answer of 400 to 499 goes out as 200, its status in {@code Parley-Status}, its body (the error shape) and
 * other headers (such as {@code Retry-After}) unchanged, and {@code Preference-Applied} saying so.
 * <p>
 * Why: a browser writes every answer of 400 or more to a page's request as a red "Failed to load resource" line in its
 * console, and no script can stop it. For the web client a wrong password, a taken username or an expired access token
 * is an expected outcome that the page shows or handles, not a fault, and a console full of such lines hides the real
 * ones. Answers of 500 and more keep their status: those are faults. Clients that do not ask (the Java client, curl,
 * other services) get HTTP statuses as always.
 */
@Singleton
public class StatusInBody implements Handler<RoutingContext> {

    /** The preference a client sends in {@code Prefer}. */
    public static final String PREFERENCE = "status-in-body";
    /** Where the answer's own status goes. */
    public static final String STATUS_HEADER = "Parley-Status";

    @Override
    public void handle(RoutingContext context) {
        if (prefersStatusInBody(context.request().headers().getAll("Prefer"))) {
            context.addHeadersEndHandler(ignored -> apply(context.response()));
        }
        context.next();
    }

    /** Whether one of the {@code Prefer} header values names the preference (case-insensitively, with or without parameters). */
    static boolean prefersStatusInBody(List<String> preferHeaders) {
        for (String header : preferHeaders) {
            for (String preference : header.split(",")) {
                String name = preference.split("[;=]", 2)[0].trim().toLowerCase(Locale.ROOT);
                if (name.equals(PREFERENCE)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Moves a refusal's status into the header; other answers only say that they depend on {@code Prefer}. */
    static void apply(HttpServerResponse response) {
        response.headers().add(HttpHeaders.VARY, "Prefer");
        int status = response.getStatusCode();
        if (status >= 400 && status < 500) {
            response.setStatusCode(200).setStatusMessage("OK");
            response.headers().set(STATUS_HEADER, Integer.toString(status));
            response.headers().set("Preference-Applied", PREFERENCE);
        }
    }
}
