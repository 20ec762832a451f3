package dev.parley.webtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The group room's model ({@code /js/group.js}) as the browser loads it from the gateway, against a server played by
 * the check script: a send refused with {@code stale_epoch} is sealed again at the same chain position for the new
 * members, a member who joined later reads a running chain without a false DROPPED, own messages show from this
 * browser's copy or as sent from another device, and receipts count the members of the message's epoch.
 */
@WebTest
class GroupModelIT {

    @Test
    void theGroupModelResealsOnAStaleEpochAndReadsChainsAsAMemberCan(Browsers browsers) throws IOException {
        Browser browser = browsers.open("model");
        browser.open("");
        browser.await("the page loaded", Browser.WAIT,
                driver -> "complete".equals(browser.script("return document.readyState;")));

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) browser.asyncScript(resource("group-model-check.js"));

        @SuppressWarnings("unchecked")
        List<String> failures = (List<String>) result.get("failures");
        long checks = ((Number) result.get("checks")).longValue();
        assertThat(failures).as("what /js/group.js does otherwise (of %d checks)", checks).isEmpty();
        assertThat(checks).as("checks made").isEqualTo(17);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GroupModelIT.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IOException("No test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
