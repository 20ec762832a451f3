package dev.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/make-certs.sh, which docker compose runs in a container with openssl (service gateway-certs), run here with
 * the machine's openssl: a CA and a server certificate the gateway can use.
 */
class MakeCertsTest {

    @Test
    void makesACaAndAServerCertificateForLocalhostAndTheGivenNamesWithAPkcs8Key(@TempDir Path folder) throws Exception {
        assumeTrue(Commands.available("openssl", "version"), "openssl is not installed");
        Path certificates = folder.resolve("certs");

        Commands.Result result = Commands.run(Repository.ROOT,
                List.of("sh", "deploy/make-certs.sh", certificates.toString(), "parley.test", "10.0.0.7"));

        assertThat(result.exitCode()).as(result.errors()).isZero();
        List<X509Certificate> chain = certificates(certificates.resolve("server.crt"));
        X509Certificate ca = certificates(certificates.resolve("ca.crt")).get(0);
        X509Certificate server = chain.get(0);
        assertThat(chain).as("the chain: server, then the CA").hasSize(2).element(1).isEqualTo(ca);
        assertThat(ca.getBasicConstraints()).as("the CA may sign").isGreaterThanOrEqualTo(0);
        assertThat(server.getBasicConstraints()).as("the server certificate may not").isEqualTo(-1);
        server.verify(ca.getPublicKey());
        assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(server.getSubjectAlternativeNames()).extracting(name -> name.get(1).toString())
                .contains("localhost", "127.0.0.1", "parley.test", "10.0.0.7");

        String key = Files.readString(certificates.resolve("server.key"));
        assertThat(key).as("PKCS#8, the only form the gateway reads").startsWith("-----BEGIN PRIVATE KEY-----");
        PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getMimeDecoder().decode(key.replaceAll("-----[A-Z ]+-----", ""))));
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(privateKey);
        signature.update(new byte[] {1, 2, 3});
        byte[] signed = signature.sign();
        signature.initVerify(server.getPublicKey());
        signature.update(new byte[] {1, 2, 3});
        assertThat(signature.verify(signed)).as("the key is the certificate's").isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certificates.resolve("ca.key"))))
                .isEqualTo("rw-------");
        try (var files = Files.list(certificates)) {
            assertThat(files.map(file -> file.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("ca.crt", "ca.key", "server.crt", "server.key");
        }
    }

    @Test
    void keepsACertificateThatIsThere(@TempDir Path folder) throws Exception {
        assumeTrue(Commands.available("openssl", "version"), "openssl is not installed");
        Path certificates = folder.resolve("certs");
        Commands.run(Repository.ROOT, List.of("sh", "deploy/make-certs.sh", certificates.toString()));
        byte[] first = Files.readAllBytes(certificates.resolve("server.crt"));

        Commands.Result again = Commands.run(Repository.ROOT, List.of("sh", "deploy/make-certs.sh", certificates.toString()));

        assertThat(again.exitCode()).isZero();
        assertThat(Files.readAllBytes(certificates.resolve("server.crt"))).isEqualTo(first);
    }

    private static List<X509Certificate> certificates(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        }
    }
}
