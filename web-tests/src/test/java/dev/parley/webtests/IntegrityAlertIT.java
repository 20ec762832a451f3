package dev.parley.webtests;

import static dev.parley.webtests.Names.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.stack.Service;
import dev.parley.webtests.WebUser.Message;

/**
 * What a server that changes what it stores cannot hide: the browser checks every message and every friend's key
 * (PROTOCOL.md §4–5). The changes are made directly in chat-service's database, as an attacker with the database
 * would.
 */
@WebTest
class IntegrityAlertIT {

    /** Carol's public key from the test vectors: a valid X25519 key that is nobody's in this stack. */
    private static final String SOMEONE_ELSES_KEY = "L857npRGO_uj78_j8lXP9EwDNYzS6MaUwnhc6i2MsB4";

    @Test
    void aMessageChangedInTheDatabaseShowsTheRedIntegrityAlert(Browsers browsers, SharedStack stack) throws Exception {
        Browser aliceBrowser = browsers.open("alice");
        Browser bobBrowser = browsers.open("bob");
        WebUser alice = WebUser.signUp(aliceBrowser, Names.username("Alice"), PASSWORD);
        WebUser bob = WebUser.signUp(bobBrowser, Names.username("Bob"), PASSWORD);
        assertThat(alice.addFriendOnceKnown(bob.username()).isSuccess()).isTrue();
        assertThat(bob.decide("approve", alice.username()).isSuccess()).isTrue();
        bob.goTo("friends");

        alice.openChat(bob.username());
        String original = "Meet me at noon by the fountain.";
        Message sent = alice.send(original);
        String intact = alice.send("This one stays as it was sent.").text();

        ChatDatabase database = new ChatDatabase(stack.database(Service.CHAT));
        UUID messageId = UUID.fromString(sent.id());
        String stored = database.envelope(messageId);
        assertThat(stored).as("the server stores ciphertext only").doesNotContain(original);
        database.replaceEnvelope(messageId, ChatDatabase.withChangedCiphertext(stored));

        bob.openChat(alice.username());
        bobBrowser.awaitText("#integrity-alert", "names MODIFIED", text -> text.contains("MODIFIED"));
        assertThat(bobBrowser.isVisible("#integrity-alert")).as("the integrity alert is shown").isTrue();
        bobBrowser.screenshot("integrity-alert");

        assertThat(bob.messages()).as("what Bob's browser shows")
                .noneMatch(message -> message.text().contains(original))
                .anyMatch(message -> message.id().equals(sent.id()) && message.is("tampered"));
        assertThat(bob.messages()).extracting(Message::text).contains(intact);
    }

    @Test
    void aFriendsKeyChangedByTheServerIsWarnedAboutBeforeAnythingIsSent(Browsers browsers, SharedStack stack)
            throws Exception {
        JavaUser alice = JavaUser.signUp(stack, Names.username("Alice"), PASSWORD);
        Browser bobBrowser = browsers.open("bob");
        WebUser bob = WebUser.signUp(bobBrowser, Names.username("Bob"), PASSWORD);
        alice.sendFriendRequest(bob.username());
        assertThat(bob.decide("approve", alice.username()).isSuccess()).isTrue();

        // The first chat pins Alice's key in Bob's vault (trust on first use).
        bob.openChat(alice.username());
        assertThat(bobBrowser.isVisible("#key-change-warning")).as("a key warning on first use").isFalse();
        String numberBefore = bob.safetyNumber();

        new ChatDatabase(stack.database(Service.CHAT)).replacePublicKey(alice.userId(), SOMEONE_ELSES_KEY);
        bobBrowser.reload();
        bobBrowser.awaitPage("chat");
        bobBrowser.awaitText("#key-change-warning", "warns about the changed key", text -> !text.isEmpty());
        assertThat(bobBrowser.isVisible("#key-change-warning")).isTrue();
        assertThat(bobBrowser.find("#send-button").isEnabled()).as("sending while the key is not accepted").isFalse();
        bobBrowser.screenshot("key-change-warning");

        bobBrowser.click("#accept-key-change");
        bobBrowser.await("the warning gone", Browser.WAIT, driver -> !bobBrowser.isVisible("#key-change-warning"));
        assertThat(bobBrowser.find("#send-button").isEnabled()).isTrue();
        assertThat(bob.safetyNumber()).as("the safety number of the new key").isNotEqualTo(numberBefore);
        bobBrowser.screenshot("key-change-accepted");
    }
}
