package dev.parley.infra;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for local development: one CA certificate that a user can choose to trust, and a server
 * certificate for localhost signed by it. Generated once into a folder and kept; later calls reuse what is there
 * while it is still valid for at least a week.
 */
public final class LocalCertificateAuthority {

    public static final String CA_CERT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String SERVER_CERT = "server.crt";
    public static final String SERVER_KEY = "server.key";

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration SERVER_VALIDITY = Duration.ofDays(397);
    private static final Duration RENEW_BEFORE = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The files of a generated certificate set. */
    public record CertificateFiles(Path caCertificate, Path serverCertificate, Path serverKey) {
    }

    private LocalCertificateAuthority() {
    }

    /**
     * Makes sure the folder holds a CA and a server certificate for the given host names (localhost, 127.0.0.1 and
     * ::1 are always included) and returns their paths.
     */
    public static CertificateFiles ensure(Path folder, List<String> extraHostNames) {
        try {
            Files.createDirectories(folder);
            Path caCert = folder.resolve(CA_CERT);
            Path caKey = folder.resolve(CA_KEY);
            Path serverCert = folder.resolve(SERVER_CERT);
            Path serverKey = folder.resolve(SERVER_KEY);

            if (!stillValid(caCert) || !Files.exists(caKey)) {
                KeyPair ca = newKeyPair();
                X509Certificate caCertificate = caCertificate(ca);
                writePem(caCert, caCertificate, false);
                writePem(caKey, new JcaPKCS8Generator(ca.getPrivate(), null).generate(), true);
                Files.deleteIfExists(serverCert);
            }
            if (!stillValid(serverCert) || !Files.exists(serverKey)) {
                X509Certificate issuer = readCertificate(caCert);
                PrivateKey issuerKey = readPrivateKey(caKey);
                KeyPair server = newKeyPair();
                X509Certificate certificate = serverCertificate(server, issuer, issuerKey, extraHostNames);
                StringWriter chain = new StringWriter();
                try (JcaPEMWriter pem = new JcaPEMWriter(chain)) {
                    pem.writeObject(certificate);
                    pem.writeObject(issuer);
                }
                Files.writeString(serverCert, chain.toString());
                writePem(serverKey, new JcaPKCS8Generator(server.getPrivate(), null).generate(), true);
            }
            return new CertificateFiles(caCert, serverCert, serverKey);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write certificates to " + folder, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Could not generate certificates", e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate caCertificate(KeyPair ca) throws GeneralSecurityException, IOException,
            OperatorCreationException {
        X500Name name = new X500Name("CN=Parley local development CA,O=Parley");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), name, ca.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(ca.getPublic()));
        return sign(builder, ca.getPrivate());
    }

    private static X509Certificate serverCertificate(KeyPair server, X509Certificate issuer, PrivateKey issuerKey,
            List<String> extraHostNames) throws GeneralSecurityException, IOException, OperatorCreationException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SERVER_VALIDITY)),
                new X500Name("CN=localhost,O=Parley"), server.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        List<GeneralName> names = new ArrayList<>(List.of(
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")));
        for (String host : extraHostNames) {
            boolean ip = host.matches("[0-9.]+") || host.contains(":");
            names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
        }
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer));
        return sign(builder, issuerKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException, OperatorCreationException {
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static boolean stillValid(Path certificate) {
        if (!Files.exists(certificate)) {
            return false;
        }
        try {
            X509Certificate c = readCertificate(certificate);
            return c.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    public static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new GeneralSecurityException("No certificate in " + file);
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        }
    }

    private static PrivateKey readPrivateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            return converter.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) object);
        }
    }

    private static void writePem(Path file, Object object, boolean secret) throws IOException {
        StringWriter out = new StringWriter();
        try (Writer w = out; JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(object);
        }
        Files.writeString(file, out.toString());
        if (secret) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the folder's own permissions are all we have.
            }
        }
    }
}
