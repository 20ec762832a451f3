package dev.parley.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsTest {

    @TempDir
    Path home;

    @Test
    void endpointsAreReadBackInTheirStartOrder() {
        Map<String, URI> written = new LinkedHashMap<>();
        written.put("postgres", URI.create("tcp://127.0.0.1:15432"));
        written.put("kafka", URI.create("tcp://127.0.0.1:19092"));
        written.put("auth-service", URI.create("http://127.0.0.1:9181/q/health/ready"));
        written.put("gateway", URI.create("http://127.0.0.1:9443/q/health/ready"));
        Path file = home.resolve("endpoints.properties");

        Endpoints.write(file, written);

        assertThat(Endpoints.read(file)).containsExactlyEntriesOf(written);
    }

    @Test
    void aStoppedStackHasNoEndpoints() {
        assertThat(Endpoints.read(home.resolve("endpoints.properties"))).isEmpty();
    }
}
