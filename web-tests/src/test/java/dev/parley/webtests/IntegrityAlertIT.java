package dev.parley.webtests;

import static dev.parley.webtests.Names.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.parley.client.chat.Conversation;
import dev.parley.stack.Service;
import dev.parley.webtests.WebUser.Message;

/**
 * What a server that changes what it stores cannot hide: the browser checks every message, every friend's key and
 * the version of its key vault (PROTOCOL.md §2, §4–5). The changes are made directly in the services' databases, as an
 * attacker with the database would.
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
        assertThat(bobBrowser.text("#safety-number-pinned")).as("the safety number of the key Bob trusted")
                .isEqualTo(numberBefore);
        assertThat(bobBrowser.text("#safety-number-presented")).as("the safety number of the new key")
                .matches("\\d{5}( \\d{5}){5}").isNotEqualTo(numberBefore);
        bobBrowser.screenshot("key-change-warning");

        // The reloaded page no longer holds the authKey that changing the vault needs: the password is asked for.
        bobBrowser.click("#accept-key-change");
        bobBrowser.await("the password asked for", Browser.WAIT, driver -> bobBrowser.isVisible("#password-prompt"));
        assertThat(bobBrowser.isVisible("#key-change-warning")).as("nothing accepted before the password").isTrue();
        bobBrowser.screenshot("key-change-password");
        bobBrowser.type("#vault-password", PASSWORD);
        bobBrowser.click("#vault-password-submit");
        bobBrowser.await("the warning gone", Browser.WAIT, driver -> !bobBrowser.isVisible("#key-change-warning"));
        assertThat(bobBrowser.find("#send-button").isEnabled()).isTrue();
        assertThat(bob.safetyNumber()).as("the safety number of the new key").isNotEqualTo(numberBefore);
        bobBrowser.screenshot("key-change-accepted");
    }

    @Test
    void aMessageDroppedRightBeforeTheFirstMessageOfAPageShowsTheAlertAndKeepsItAfterAReload(Browsers browsers,
            SharedStack stack) throws Exception {
        JavaUser alice = JavaUser.signUp(stack, Names.username("Alice"), PASSWORD);
        Browser bobBrowser = browsers.open("bob");
        WebUser bob = WebUser.signUp(bobBrowser, Names.username("Bob"), PASSWORD);
        alice.sendFriendRequest(bob.username());
        assertThat(bob.decide("approve", alice.username()).isSuccess()).isTrue();
        alice.connectChat();
        Conversation chat = alice.join(alice.awaitFriendshipKnown(alice.userIdOf(bob.username())));
        // 32 messages: the chat room shows the newest 30, so the third is the first message of that page.
        List<UUID> sent = new ArrayList<>();
        for (int i = 1; i <= 32; i++) {
            sent.add(chat.send("message " + i).get(30, TimeUnit.SECONDS).messageId());
        }
        new ChatDatabase(stack.database(Service.CHAT)).deleteMessage(sent.get(1));

        bob.openChat(alice.username());
        bobBrowser.awaitText("#integrity-alert", "names DROPPED", text -> text.contains("DROPPED"));
        assertThat(bob.messages()).as("the first message of the page, with the gap before it, is marked")
                .anyMatch(message -> message.id().equals(sent.get(2).toString()) && message.is("gap-before"));
        bobBrowser.script("document.querySelector('li.gap-before').scrollIntoView({block: 'center'});");
        bobBrowser.screenshot("dropped-first-of-page");

        bobBrowser.reload();
        bobBrowser.awaitPage("chat");
        bobBrowser.awaitText("#integrity-alert", "still names DROPPED after a reload", text -> text.contains("DROPPED"));
        bobBrowser.screenshot("dropped-after-reload");
    }

    @Test
    void aVaultRolledBackByTheServerIsRefusedWithAnAlert(Browsers browsers, SharedStack stack) throws Exception {
        JavaUser alice = JavaUser.signUp(stack, Names.username("Alice"), PASSWORD);
        JavaUser carol = JavaUser.signUp(stack, Names.username("Carol"), PASSWORD);
        Browser bobBrowser = browsers.open("bob");
        WebUser bob = WebUser.signUp(bobBrowser, Names.username("Bob"), PASSWORD);
        alice.sendFriendRequest(bob.username());
        carol.sendFriendRequest(bob.username());
        assertThat(bob.decide("approve", alice.username(), carol.username()).isSuccess()).isTrue();
        AuthDatabase accounts = new AuthDatabase(stack.database(Service.AUTH));

        bob.openChat(alice.username());
        AuthDatabase.StoredVault withAlice = accounts.vault(bob.username());
        bob.openChat(carol.username());
        assertThat(accounts.vault(bob.username()).version()).as("pinning Carol's key made a newer vault")
                .isGreaterThan(withAlice.version());
        accounts.replaceVault(bob.username(), withAlice);

        bobBrowser.reload();
        String alert = bobBrowser.awaitText("#vault-alert", "the rolled-back vault refused", text -> !text.isEmpty());
        assertThat(alert).contains("older version of your key vault");
        assertThat(bobBrowser.currentPage()).as("the refused vault is not used: no session").isEqualTo("login");
        bobBrowser.screenshot("vault-rolled-back");

        WebUser.fillLogin(bobBrowser, bob.username(), PASSWORD);
        bobBrowser.click("#login-submit");
        bobBrowser.awaitText("#login-errors", "a login refused too", text -> text.contains("older version"));
        assertThat(bobBrowser.currentPage()).isEqualTo("login");
        bobBrowser.screenshot("vault-rolled-back-login");
    }
}
