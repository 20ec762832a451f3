package dev.parley.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Talks to the fake auth service directly (not through the gateway) to rotate keys and to see how often they were
 * fetched.
 */
final class FakeAuth {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private FakeAuth() {
    }

    /** Adds the key to the published JWKS, as auth-service does when it starts signing with a new key. */
    static void publish(SigningKey key) throws Exception {
        HttpRequest publish = HttpRequest.newBuilder(address().resolve(PublishedKeys.PUBLISH_PATH))
                .POST(HttpRequest.BodyPublishers.ofString(key.publicJwk()))
                .build();
        HttpResponse<String> response = CLIENT.send(publish, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("The fake auth service did not take the key: " + response.statusCode());
        }
    }

    /** How often the gateway (or anyone) fetched the JWKS so far. */
    static int jwksFetches() throws Exception {
        HttpRequest count = HttpRequest.newBuilder(address().resolve(PublishedKeys.FETCHES_PATH)).build();
        return Integer.parseInt(CLIENT.send(count, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static URI address() {
        return URI.create(ConfigProvider.getConfig().getValue("parley.gateway.services.auth", String.class));
    }
}
