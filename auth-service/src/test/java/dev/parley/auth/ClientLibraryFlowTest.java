package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.client.api.ApiException;
import dev.parley.client.api.ApiTransport;
import dev.parley.client.api.AuthClient;
import dev.parley.client.crypto.SignUpMessages;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The whole account life cycle as a Java client lives it: the password never leaves the client. */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "auth"))
class ClientLibraryFlowTest {

    private static final String PASSWORD = "Correct7!Horse";

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private AuthClient client;

    @BeforeEach
    void connect() {
        client = new AuthClient(new ApiTransport(URI.create("http://127.0.0.1:" + port), HttpClient.newHttpClient()),
                TestUsers.TEST_KDF_ITERATIONS);
    }

    @Test
    void signUpPreloginLoginRefreshAndLogoutThroughTheClientLibrary() {
        String username = TestUsers.uniqueUsername("Client");
        AuthClient.Account account = client.signUp(username, PASSWORD, PASSWORD, TestUsers.TEST_KDF_ITERATIONS);
        assertThat(account.username()).isEqualTo(username);

        assertThat(client.prelogin(username)).isEqualTo(TestUsers.TEST_KDF_ITERATIONS);
        AuthClient.Session session = client.login(username, PASSWORD);
        assertThat(session.userId()).isEqualTo(account.userId());
        // The vault opened with the password holds the private key of the public key the server publishes.
        assertThat(session.vault().identity().publicKey().toBase64Url()).isEqualTo(account.publicKey());

        AuthClient.Session refreshed = client.refresh(session);
        assertThat(refreshed.refreshToken()).isNotEqualTo(session.refreshToken());
        assertThat(client.me(refreshed).userId()).isEqualTo(account.userId());

        client.logout(refreshed);
        assertThatThrownBy(() -> client.refresh(refreshed)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(401));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserLookTheSame() {
        String username = TestUsers.uniqueUsername("Client");
        client.signUp(username, PASSWORD, PASSWORD, TestUsers.TEST_KDF_ITERATIONS);

        assertThatThrownBy(() -> client.login(username, "Wrong7!Horse")).isInstanceOf(ApiException.class)
                .hasMessage("Invalid username or password");
        assertThatThrownBy(() -> client.login(TestUsers.uniqueUsername("Nobody"), PASSWORD))
                .isInstanceOf(ApiException.class)
                .hasMessage("Invalid username or password");
    }

    @Test
    void theClientRefusesAServerThatAsksForTooFewIterations() {
        AuthClient strict = new AuthClient(new ApiTransport(URI.create("http://127.0.0.1:" + port), HttpClient.newHttpClient()));
        String username = TestUsers.uniqueUsername("Client");
        client.signUp(username, PASSWORD, PASSWORD, TestUsers.TEST_KDF_ITERATIONS);

        assertThatThrownBy(() -> strict.login(username, PASSWORD)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 600000");
    }

    @Test
    void theClientRefusesABadPasswordBeforeSendingAnything() {
        String username = TestUsers.uniqueUsername("Client");

        assertThatThrownBy(() -> client.signUp(username, "short", "short", TestUsers.TEST_KDF_ITERATIONS))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).details()).contains(SignUpMessages.PASSWORD_LENGTH,
                        SignUpMessages.PASSWORD_UPPERCASE, SignUpMessages.PASSWORD_DIGIT, SignUpMessages.PASSWORD_SYMBOL));
        // Nothing was sent: the name is still free.
        assertThatCode(() -> client.signUp(username, "Valid-Pass9", "Valid-Pass9", TestUsers.TEST_KDF_ITERATIONS))
                .doesNotThrowAnyException();
    }

    @Test
    void changingThePasswordKeepsTheVaultReadableWithTheNewOne() {
        String username = TestUsers.uniqueUsername("Client");
        client.signUp(username, PASSWORD, PASSWORD, TestUsers.TEST_KDF_ITERATIONS);
        AuthClient.Session session = client.login(username, PASSWORD);

        client.changePassword(session, PASSWORD, "Battery8?Staple", "Battery8?Staple");

        AuthClient.Session again = client.login(username, "Battery8?Staple");
        assertThat(again.vault().identity().publicKey()).isEqualTo(session.vault().identity().publicKey());
        assertThatThrownBy(() -> client.login(username, PASSWORD)).isInstanceOf(ApiException.class)
                .hasMessage("Invalid username or password");
    }
}
