package dev.parley.auth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.auth.config.AuthConfig;

class SigningKeysTest {

    private static final String PRIVATE_KEY = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgxDLciLrOLGsegFib
            dLNdTooCK62mDIaXwyk7BaTBBxyhRANCAARSJORRxr2Cilg8n+eLdCbEeuhj8Tw/
            P7KDoDWrTDFd6KHQ05stXSVO3tpgzWm0MZk9lXTl3gQQlKS8lRZne8Fu
            -----END PRIVATE KEY-----
            """;
    private static final String PUBLIC_KEY = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEUiTkUca9gopYPJ/ni3QmxHroY/E8
            Pz+yg6A1q0wxXeih0NObLV0lTt7aYM1ptDGZPZV05d4EEJSkvJUWZ3vBbg==
            -----END PUBLIC KEY-----
            """;
    /** The key id issued tokens carry: it must not change, or tokens signed before an upgrade stop verifying. */
    private static final String KEY_ID = "LFrj8R1yAm-NmSCl_UqlktzeOH_D4mFYWsae8eh0fM4";
    /** A public key whose x coordinate starts with a zero byte, which the JWK and the thumbprint keep. */
    private static final String SHORT_X_PUBLIC_KEY = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEAKwtO/iAZWqdx6zexC5J95BBB1DU
            PX0pPGHZNvVdocr6oY+UbTEv1eAonl312ggiKf+dSYNHfI1oFqkCnzzyMg==
            -----END PUBLIC KEY-----
            """;

    private static final String P384_PUBLIC_KEY = """
            -----BEGIN PUBLIC KEY-----
            MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE3Ho64miaxVKCLzsH3uF+IxYw/d5HWBZh
            kijet1jG0kOBrodDB+8qzK7I8vIMnqGJCpDI5B2KuLTcWnzBG9luFowuU4OZJMBE
            hnnwFRNefsgL0DMN9Do1TT8aH6iWjZA1
            -----END PUBLIC KEY-----
            """;

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theKeyIdIsTheRfc7638ThumbprintOfThePublicKey() throws IOException {
        SigningKeys keys = new SigningKeys(configuredKeys(List.of()));

        assertThat(keys.signingKeyId()).isEqualTo(KEY_ID);
    }

    @Test
    void publishesThePublicKeyAsAnEs256SigningKey() throws IOException {
        SigningKeys keys = new SigningKeys(configuredKeys(List.of()));

        assertThat(jwks(keys)).isEqualTo(json.readTree("""
                {"keys": [{"kty": "EC", "crv": "P-256",
                           "x": "UiTkUca9gopYPJ_ni3QmxHroY_E8Pz-yg6A1q0wxXeg",
                           "y": "odDTmy1dJU7e2mDNabQxmT2VdOXeBBCUpLyVFmd7wW4",
                           "kid": "%s", "use": "sig", "alg": "ES256"}]}
                """.formatted(KEY_ID)));
    }

    @Test
    void publishesPreviousKeysAfterTheCurrentOneAndTheCurrentOneOnce() throws IOException {
        SigningKeys generated = new SigningKeys(new Jwt(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(dir.resolve("generated"))));
        Path previous = dir.resolve("generated").resolve("signing-key.pub.pem");

        SigningKeys keys = new SigningKeys(configuredKeys(List.of(previous, write("current.pub.pem", PUBLIC_KEY))));

        assertThat(jwks(keys).path("keys").findValuesAsText("kid"))
                .containsExactly(KEY_ID, generated.signingKeyId());
    }

    @Test
    void keepsTheLeadingZeroOfACoordinate() throws IOException {
        SigningKeys keys = new SigningKeys(configuredKeys(List.of(write("previous.pub.pem", SHORT_X_PUBLIC_KEY))));

        JsonNode previous = jwks(keys).path("keys").path(1);
        assertThat(previous.path("x").asText()).isEqualTo("AKwtO_iAZWqdx6zexC5J95BBB1DUPX0pPGHZNvVdoco");
        assertThat(previous.path("kid").asText()).isEqualTo("WEKQd19y7hllV_4qOTwmCAazSYK70fevriDUzySMwvU");
    }

    @Test
    void generatesAKeyOnceAndKeepsIt() {
        Jwt config = new Jwt(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(dir));

        String first = new SigningKeys(config).signingKeyId();

        assertThat(new SigningKeys(config).signingKeyId()).isEqualTo(first).isNotEqualTo(KEY_ID);
        assertThat(dir.resolve("signing-key.pem")).exists();
    }

    @Test
    void refusesAPublicKeyThatIsNotTheSigningKeys() throws IOException {
        new SigningKeys(new Jwt(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(dir)));

        Jwt mismatched = new Jwt(Optional.of(write("signing-key.pem", PRIVATE_KEY)),
                Optional.of(dir.resolve("signing-key.pub.pem")), Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> new SigningKeys(mismatched)).hasMessageContaining("does not belong");
    }

    @Test
    void refusesAVerificationKeyOfAnotherCurve() throws IOException {
        Jwt config = configuredKeys(List.of(write("p384.pub.pem", P384_PUBLIC_KEY)));

        assertThatThrownBy(() -> new SigningKeys(config)).hasMessageContaining("EC P-256");
    }

    @Test
    void refusesAFileThatIsNotAKey() throws IOException {
        Jwt config = configuredKeys(List.of(write("notes.pem", "not a key")));

        assertThatThrownBy(() -> new SigningKeys(config)).hasMessageContaining("notes.pem");
    }

    private JsonNode jwks(SigningKeys keys) {
        return json.valueToTree(keys.jwks());
    }

    private Jwt configuredKeys(List<Path> previous) throws IOException {
        return new Jwt(Optional.of(write("key.pem", PRIVATE_KEY)), Optional.of(write("key.pub.pem", PUBLIC_KEY)),
                Optional.of(previous), Optional.empty());
    }

    private Path write(String name, String pem) throws IOException {
        return Files.writeString(dir.resolve(name), pem);
    }

    private record Jwt(Optional<Path> signingKeyFile, Optional<Path> publicKeyFile,
            Optional<List<Path>> previousPublicKeyFiles, Optional<Path> keyDir) implements AuthConfig.Jwt {

        @Override
        public String issuer() {
            return "parley";
        }

        @Override
        public String audience() {
            return "parley";
        }

        @Override
        public Duration accessTokenTtl() {
            return Duration.ofMinutes(15);
        }
    }
}
