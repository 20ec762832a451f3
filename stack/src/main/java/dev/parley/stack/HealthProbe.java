package dev.parley.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Asks a process whether it is ready: its health endpoint answers 200. HTTPS is checked against the local CA. */
public final class HealthProbe {

    private final HttpClient client;

    /** A probe that trusts only the given CA certificate for HTTPS. */
    HealthProbe(Path caCertificate) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .sslContext(trusting(caCertificate))
                .build();
    }

    /** A probe for plain HTTP only. */
    HealthProbe() {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .build();
    }

    boolean isReady(URI healthEndpoint) {
        HttpRequest request = HttpRequest.newBuilder(healthEndpoint).timeout(Duration.ofSeconds(3)).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet, or refusing: not ready
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An SSL context whose only trusted root is the given certificate (PEM). */
    public static SSLContext trusting(Path caCertificate) {
        try (InputStream in = Files.newInputStream(caCertificate)) {
            KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(null, null);
            trustStore.setCertificateEntry("parley-local-ca",
                    CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + caCertificate, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not trust " + caCertificate, e);
        }
    }
}
