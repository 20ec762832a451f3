package dev.parley.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecurityHeadersCachingTest {

    private static final String ASSETS_FOR_AN_HOUR = SecurityHeaders.staticAssetsCacheControl(Duration.ofHours(1));
    private static final String ASSETS_ALWAYS_REVALIDATED = SecurityHeaders.staticAssetsCacheControl(Duration.ZERO);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/friends/requests | 200 | no-store",
            "/api/auth/login | 429 | no-store",
            "/ws/chat | 101 | no-store",
            "/q/health/ready | 200 | no-store",
            "/ | 200 | no-cache",
            "/index.html | 304 | no-cache",
            "/js/app.js | 200 | max-age=3600, must-revalidate",
            "/css/app.css | 304 | max-age=3600, must-revalidate",
            "/no-such-file.js | 404 | no-store",
    })
    void fitsTheCachingToTheAnswer(String path, int status, String cacheControl) {
        assertThat(SecurityHeaders.cacheControl(path, status, ASSETS_FOR_AN_HOUR)).isEqualTo(cacheControl);
    }

    @ParameterizedTest
    @CsvSource({ "/js/app.js, 200", "/favicon.svg, 304" })
    void revalidatesStaticAssetsOnEveryUseByDefault(String path, int status) {
        assertThat(SecurityHeaders.cacheControl(path, status, ASSETS_ALWAYS_REVALIDATED)).isEqualTo("no-cache");
    }
}
