package dev.parley.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.netty.handler.ssl.OpenSsl;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.OpenSSLEngineOptions;

class OpenSslEdgeTest {

    @Test
    void theHttpsServerUsesBoringSslWhichLoadsOnLinux() {
        HttpServerOptions options = new HttpServerOptions();

        new OpenSslEdge().customizeHttpsServer(options);

        assertThat(OpenSsl.unavailabilityCause()).isNull();
        assertThat(options.getSslEngineOptions()).isInstanceOf(OpenSSLEngineOptions.class);
        assertThat(OpenSsl.availableJavaCipherSuites()).as("TLS 1.3, which the edge offers first")
                .contains("TLS_AES_128_GCM_SHA256");
    }
}
