package dev.parley.gateway;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.parley.infra.LocalCertificateAuthority;

/** An HTTPS and WebSocket client that trusts the test's local CA, and nothing else, as a user's browser would. */
final class TrustedClient {

    private TrustedClient() {
    }

    /** Never follows redirects, so tests see them. */
    static HttpClient create() {
        return HttpClient.newBuilder()
                .sslContext(trustingTheLocalCa())
                .followRedirects(HttpClient.Redirect.NEVER)
                // The TLS handshake counts, and the first ones after start, on a busy CI machine, take seconds.
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static SSLContext trustingTheLocalCa() {
        // The generator writes the CA beside the server certificate the gateway was given.
        Path serverCertificate = Path.of(ConfigProvider.getConfig().getValue("parley.tls.cert-file", String.class));
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("parley-local-ca", LocalCertificateAuthority.readCertificate(
                    serverCertificate.resolveSibling(LocalCertificateAuthority.CA_CERT)));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not trust the local CA", e);
        }
    }
}
