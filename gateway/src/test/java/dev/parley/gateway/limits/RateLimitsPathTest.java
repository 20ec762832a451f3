package dev.parley.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitsPathTest {

    @ParameterizedTest
    @CsvSource({
            "/api/auth/login, /api/auth/login",
            "/api/auth//login, /api/auth/login",
            "/api/auth/login/, /api/auth/login",
            "/api/auth/login;jsessionid=1, /api/auth/login",
            "/api/auth;x=1/login, /api/auth/login",
            "/, /",
    })
    void countsPathVariantsAServerMightReadAlikeAsOne(String path, String countedAs) {
        assertThat(RateLimits.canonicalPath(path)).isEqualTo(countedAs);
    }
}
