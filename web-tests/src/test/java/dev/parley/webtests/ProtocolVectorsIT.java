package dev.parley.webtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The web client's protocol module, as the browser loads it from the gateway, against the same test vectors as the
 * Java client (docs/protocol/test-vectors.json, computed independently by Node's WebCrypto).
 */
@WebTest
class ProtocolVectorsIT {

    @Test
    void theProtocolModuleInTheBrowserGivesEveryTestVectorsResult(Browsers browsers) throws IOException {
        Browser browser = browsers.open("vectors");
        browser.open("");
        browser.await("the page loaded", Browser.WAIT,
                driver -> "complete".equals(browser.script("return document.readyState;")));
        assertThat(browser.script("return window.isSecureContext && location.protocol;"))
                .as("the gateway's certificate is trusted, so the page is a secure context (WebCrypto needs one)")
                .isEqualTo("https:");

        String vectors = Files.readString(repository().resolve("docs/protocol/test-vectors.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) browser.asyncScript(resource("protocol-vectors-check.js"),
                vectors);

        @SuppressWarnings("unchecked")
        List<String> failures = (List<String>) result.get("failures");
        long checks = ((Number) result.get("checks")).longValue();
        browser.screenshot("after-checks");
        assertThat(failures).as("test vectors the browser's /js/protocol.js does not reproduce (of %d checks)", checks)
                .isEmpty();
        assertThat(checks).as("checks made").isGreaterThan(100);
    }

    private static Path repository() {
        return Path.of(System.getProperty("parley.root", ".."));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ProtocolVectorsIT.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IOException("No test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
