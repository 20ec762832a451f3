package dev.parley.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What every Parley service promises operators: readiness that reflects its database and Kafka, liveness, and
 * Prometheus metrics, all on the management interface and none of it on the API port (which the gateway routes).
 * A service's test extends this inside a booted {@code @QuarkusTest}.
 */
public abstract class ServiceHealthContract {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void isReadyOnceItsDatabaseAndKafkaAnswer() {
        given().baseUri(base()).when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check",
                        "Kafka connection health check"));
    }

    @Test
    void isLive() {
        given().baseUri(base()).when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void servesPrometheusMetrics() {
        given().baseUri(base()).when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void servesNoneOfItOnTheApiPort() {
        for (String path : new String[] { "/q/health/ready", "/q/health/live", "/q/metrics" }) {
            given().when().get(path).then().statusCode(404);
        }
    }

    /** The management interface's origin (the injected URL ends in its root path, /q/). */
    private String base() {
        return management.getProtocol() + "://" + management.getHost() + ":" + management.getPort();
    }
}
