package dev.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.infra.LocalCertificateAuthority;

class ComposeCertificatesTest {

    @Test
    void makesACertificateForLocalhostAndTheGivenNamesThatTheGatewaysUserCanRead(@TempDir Path folder)
            throws Exception {
        Path certificates = folder.resolve("certs");

        ComposeCertificates.main(new String[] { certificates.toString(), "parley.test" });

        X509Certificate server = LocalCertificateAuthority.readCertificate(certificates.resolve("server.crt"));
        assertThat(server.getSubjectAlternativeNames()).extracting(name -> name.get(1).toString())
                .contains("localhost", "parley.test");
        assertThat(Files.readString(certificates.resolve("server.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certificates.resolve("server.key"))))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certificates.resolve("ca.key"))))
                .isEqualTo("rw-------");
        assertThat(Files.list(certificates).map(file -> file.getFileName().toString()).toList())
                .containsExactlyInAnyOrderElementsOf(List.of("ca.crt", "ca.key", "server.crt", "server.key"));
    }
}
