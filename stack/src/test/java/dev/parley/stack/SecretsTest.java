package dev.parley.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @TempDir
    Path home;

    @Test
    void secretsAreGeneratedOnceAndKeptReadableByTheOwnerOnly() throws IOException {
        Path file = home.resolve("secrets.properties");

        Secrets first = Secrets.load(file);
        String password = first.databasePassword(Service.AUTH);
        String key = first.key("friend.index");
        Secrets second = Secrets.load(file);

        assertThat(second.databasePassword(Service.AUTH)).isEqualTo(password);
        assertThat(second.key("friend.index")).isEqualTo(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void everyServiceHasAPasswordOfItsOwnThatNeedsNoQuoting() {
        Secrets secrets = Secrets.load(home.resolve("secrets.properties"));

        List<String> passwords = List.of(Service.values()).stream().map(secrets::databasePassword).toList();

        assertThat(passwords).doesNotHaveDuplicates()
                .allSatisfy(password -> assertThat(password).matches("[A-Za-z0-9_-]{32}"));
    }

    @Test
    void keysAre256BitsInStandardBase64() {
        Secrets secrets = Secrets.load(home.resolve("secrets.properties"));

        assertThat(Base64.getDecoder().decode(secrets.key("friend.encryption.local1"))).hasSize(32);
        assertThat(secrets.key("friend.encryption.local1")).isNotEqualTo(secrets.key("friend.index"));
    }

    @Test
    void aMissingSecretIsAddedWithoutChangingTheOthers() throws IOException {
        Path file = home.resolve("secrets.properties");
        Files.writeString(file, "auth.database.password=kept\n");

        Secrets secrets = Secrets.load(file);

        assertThat(secrets.databasePassword(Service.AUTH)).isEqualTo("kept");
        assertThat(secrets.databasePassword(Service.CHAT)).isNotBlank().isNotEqualTo("kept");
        assertThat(Files.readString(file)).contains("auth.database.password=kept", "chat.database.password=");
    }
}
