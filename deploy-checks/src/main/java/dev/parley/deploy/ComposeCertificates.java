package dev.parley.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

import dev.parley.infra.LocalCertificateAuthority;
import dev.parley.infra.LocalCertificateAuthority.CertificateFiles;

/**
 * Makes the gateway's certificate for docker compose with the local stack's certificate authority: a CA to trust
 * and a server certificate for localhost and the given host names, in the folder compose mounts into the gateway.
 * Run through deploy/make-certs.sh. Existing certificates are kept while they stay valid for a week or more.
 */
public final class ComposeCertificates {

    private ComposeCertificates() {
    }

    /** Arguments: the folder, then any host names or addresses besides localhost, 127.0.0.1 and ::1. */
    public static void main(String[] arguments) throws IOException {
        if (arguments.length == 0) {
            System.err.println("Usage: ComposeCertificates <folder> [host name or address]...");
            System.exit(2);
        }
        Path folder = Path.of(arguments[0]).toAbsolutePath().normalize();
        List<String> hostNames = Arrays.asList(arguments).subList(1, arguments.length);
        CertificateFiles files = LocalCertificateAuthority.ensure(folder, hostNames);
        // The folder is bind-mounted: the gateway's unprivileged user (uid 10001) must be able to read the key.
        // The CA key stays readable by its owner only.
        setPermissions(folder, "rwxr-xr-x");
        setPermissions(files.serverKey(), "rw-r--r--");
        System.out.println("Certificate for the gateway: " + files.serverCertificate());
        System.out.println("Its key:                     " + files.serverKey());
        System.out.println("Certificate authority to trust in browsers and clients: " + files.caCertificate());
    }

    private static void setPermissions(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: there is nothing to loosen.
        }
    }
}
