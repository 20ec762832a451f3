package dev.parley.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {

    @Test
    void readsTheTokenOfABearerAuthorization() {
        assertThat(BearerToken.fromAuthorization("Bearer eyJ.a.b")).isEqualTo("eyJ.a.b");
        assertThat(BearerToken.fromAuthorization("bearer  eyJ.a.b ")).isEqualTo("eyJ.a.b");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Basic YWxpY2U6cw==", "Bearer", "Bearer ", "eyJ.a.b", "" })
    void findsNoTokenInOtherAuthorizations(String authorization) {
        assertThat(BearerToken.fromAuthorization(authorization)).isNull();
    }

    @Test
    void readsTheTokenOfTheSubprotocolCarrierAsQuarkusDoes() {
        assertThat(BearerToken.fromSubprotocols(
                "bearer-token-carrier, quarkus-http-upgrade#Authorization#Bearer%20eyJ.a.b")).isEqualTo("eyJ.a.b");
        assertThat(BearerToken.fromSubprotocols(
                "quarkus-http-upgrade#authorization#Bearer%20eyJ.a.b,bearer-token-carrier")).isEqualTo("eyJ.a.b");
    }

    @ParameterizedTest
    @ValueSource(strings = { "bearer-token-carrier", "quarkus-http-upgrade#Cookie#a%3Db",
            "quarkus-http-upgrade#Authorization", "quarkus-http-upgrade#Authorization#Basic%20YQ==",
            "quarkus-http-upgrade#Authorization#Bearer%2", "" })
    void findsNoTokenInOtherSubprotocols(String protocols) {
        assertThat(BearerToken.fromSubprotocols(protocols)).isNull();
    }
}
