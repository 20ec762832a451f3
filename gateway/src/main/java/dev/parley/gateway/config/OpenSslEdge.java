package dev.parley.gateway.config;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.netty.handler.ssl.OpenSsl;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.OpenSSLEngineOptions;

/**
 * The public HTTPS server encrypts with BoringSSL (netty-tcnative) instead of the JDK's TLS engine. Every chat frame
 * passes the gateway's TLS once on its way in or out, five per message (the send, its ack, the message, the
 * recipient's delivery report, the receipt), and the JDK engine spends more per record: it works on heap copies of
 * each buffer. Where the bundled native library does not load (a platform it has no build for), the JDK engine
 * serves, as before, and the log says why.
 */
@Singleton
public class OpenSslEdge implements HttpServerOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(OpenSslEdge.class);

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        if (OpenSSLEngineOptions.isAvailable()) {
            options.setSslEngineOptions(new OpenSSLEngineOptions());
        } else {
            LOG.warnf("BoringSSL could not be loaded (%s); TLS runs on the JDK's engine", OpenSsl.unavailabilityCause());
        }
    }
}
