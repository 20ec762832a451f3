package dev.parley.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The generated secrets of the local stack (database passwords, data encryption keys): each generated on first use,
 * kept in {@code secrets.properties} (readable by its owner only) and reused on every start, because the kept data
 * was written with them: database roles with their passwords, rows with their keys.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Properties values;

    private Secrets(Path file, Properties values) {
        this.file = file;
        this.values = values;
    }

    public static Secrets load(Path file) {
        Properties values = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                values.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + file, e);
            }
        }
        return new Secrets(file, values);
    }

    /** The password of the service's database role: URL-safe, so it fits in URLs and shells unquoted. */
    public String databasePassword(Service service) {
        return value(service.database() + ".database.password",
                () -> Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24)));
    }

    /** The password of PostgreSQL's superuser role: nothing connects without a password. */
    public String postgresSuperuserPassword() {
        return value("postgres.superuser.password",
                () -> Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24)));
    }

    /** The Kafka login of a principal ({@code admin}, a service module's name, or {@code gateway}). */
    public String kafkaPassword(String principal) {
        return value("kafka." + principal + ".password",
                () -> Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24)));
    }

    /** What the gateway sends the services to show that its forwarded headers are its own. */
    public String gatewayForwardingSecret() {
        return value("gateway.forwarding.secret", () -> Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32)));
    }

    /** A 256-bit key in standard base64 (what {@code openssl rand -base64 32} prints). */
    public String key(String name) {
        return value(name + ".key", () -> Base64.getEncoder().encodeToString(randomBytes(32)));
    }

    private synchronized String value(String name, Supplier<String> generator) {
        String value = values.getProperty(name);
        if (value == null) {
            value = generator.get();
            values.setProperty(name, value);
            save();
        }
        return value;
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                createOwnerOnly(file);
            }
            try (Writer writer = Files.newBufferedWriter(file)) {
                values.store(writer, "Secrets of the local stack, generated once. "
                        + "./parley reset deletes them together with the data they protect.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    /** Creates the file with its final permissions, so that the secrets are never readable by others. */
    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system: the folder's own permissions are all there is
        }
    }
}
