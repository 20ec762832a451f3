package dev.parley.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.parley.systemtests.Gateway.Answer;
import dev.parley.systemtests.Gateway.Request;

/**
 * A client that sends {@code Prefer: status-in-body} (the web client, so that a browser's console stays free of red
 * lines for refusals the page expects) gets each refusal as 200 with its status in {@code Parley-Status} and the same
 * body; a client that does not ask gets HTTP statuses as always. Checked for a refusal of a service (a wrong password,
 * through the proxy), the gateway's own (no API at a path; no token) and an answer that is no refusal.
 */
@ExtendWith(StackExtension.class)
class StatusInBodyIT {

    private static final String PREFER = "status-in-body";

    @Test
    void refusalsComeAs200WithTheirStatusInAHeaderOnlyForAClientThatAsks(SystemStack stack, Fixture fixture) {
        Gateway gateway = new Gateway(stack);
        Request wrongPassword = Request.of("POST", "/api/auth/login").json(RestEndpoints
                .body("username", fixture.dave.username()).put("authKey", fixture.carol.authKey()));

        Answer plain = gateway.send(wrongPassword);
        Answer asked = gateway.send(wrongPassword.header("Prefer", PREFER));
        assertThat(plain.status()).as("without the preference: %s", plain).isEqualTo(401);
        assertThat(plain.header("Parley-Status")).isNull();
        assertRefusalInBody(asked, 401);
        assertThat(asked.json()).as("the same error body").isEqualTo(plain.json());

        assertRefusalInBody(gateway.send(Request.of("GET", "/api/no-such-thing").token(fixture.alice.accessToken())
                .header("Prefer", PREFER)), 404);
        assertRefusalInBody(gateway.send(Request.of("GET", "/api/friends").header("Prefer", "respond-async, " + PREFER)),
                401);

        Answer fine = gateway.send(Request.of("GET", "/api/friends").token(fixture.alice.accessToken())
                .header("Prefer", PREFER));
        assertThat(fine.status()).as("an answer that is no refusal: %s", fine).isEqualTo(200);
        assertThat(fine.header("Parley-Status")).isNull();
        assertThat(fine.header("Preference-Applied")).isNull();
    }

    private static void assertRefusalInBody(Answer answer, int status) {
        assertThat(answer.status()).as("with the preference: %s", answer).isEqualTo(200);
        assertThat(answer.header("Parley-Status")).isEqualTo(Integer.toString(status));
        assertThat(answer.header("Preference-Applied")).isEqualTo(PREFER);
        assertThat(answer.header("Vary")).containsIgnoringCase("Prefer");
        assertThat(answer.json().path("error").asText()).as("the error shape: %s", answer).isNotEmpty();
        assertThat(answer.json().has("message")).isTrue();
    }
}
