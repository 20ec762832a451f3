package dev.parley.webtests;

import static dev.parley.webtests.Names.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import dev.parley.webtests.WebUser.Message;

/**
 * Two friends, each in a browser of their own: "NAME is typing…" shows while the friend types and goes when their
 * message comes; a message shows "Read" once the friend has the chat open, also after a reload; with read receipts
 * turned off on the friend's account page, the next message stays "Delivered". Each live update is timed from the
 * action that caused it, and logged.
 */
@WebTest
class TypingAndReadIT {

    /** How long a live update may take to show in the other browser. */
    private static final Duration LIVE = Duration.ofSeconds(3);
    /** Long enough for a read receipt that was going to come. */
    private static final Duration QUIET = Duration.ofSeconds(4);
    private static final Duration PRESENCE = Duration.ofSeconds(20);

    @Test
    void typingAndReadReceiptsShowLiveAndReadReceiptsCanBeTurnedOff(Browsers browsers) {
        Browser alicesBrowser = browsers.open("alice");
        Browser bobsBrowser = browsers.open("bob");
        WebUser alice = WebUser.signUp(alicesBrowser, Names.username("Alice"), PASSWORD);
        WebUser bob = WebUser.signUp(bobsBrowser, Names.username("Bob"), PASSWORD);
        assertThat(alice.addFriendOnceKnown(bob.username()).isSuccess()).isTrue();
        bob.openRequests("received");
        assertThat(bob.decide("approve", alice.username()).isSuccess()).isTrue();
        alice.awaitFriendOnline(bob.username(), PRESENCE);
        alice.openChat(bob.username());
        bob.openChat(alice.username());

        String typing = bob.username() + " is typing…";
        long typed = System.nanoTime();
        bobsBrowser.type("#message-input", "Hello Al");
        shownLive(alicesBrowser, "Bob is typing", typed, () -> typing.equals(alicesBrowser.text("#typing-indicator")));
        assertThat(alicesBrowser.find("#typing-indicator").getAttribute("aria-live")).isEqualTo("polite");
        alicesBrowser.screenshot("typing");
        bobsBrowser.type("#message-input", "Hello Alice, how are you?");
        bobsBrowser.click("#send-button");
        shownLive(alicesBrowser, "Bob's message, and no typing any more", bobsBrowser.lastClick(),
                () -> alicesBrowser.text("#typing-indicator").isEmpty() && alice.messages().stream()
                        .anyMatch(message -> message.is("theirs") && message.text().startsWith("Hello Alice")));
        assertThat(bobsBrowser.text("#typing-indicator")).as("Bob's own typing, shown to him").isEmpty();

        // Bob is away from the chat: Alice's message is delivered to his open page, not read.
        bobsBrowser.click("#leave-room");
        bobsBrowser.awaitPage("friends");
        Message first = alice.send("Fine, thanks. Are you coming tonight?");
        shownLive(alicesBrowser, "first message delivered to Bob's open page", alicesBrowser.lastClick(),
                () -> alice.messages().stream().anyMatch(message -> message.id().equals(first.id()) && message.delivered()));
        bobsBrowser.awaitText(WebUser.friendItem(alice.username()) + " .unread", "Alice's message counted on Bob's friend list",
                text -> text.equals("1"));
        assertThat(stays(alice, first.id())).as("read while Bob is not in the chat").isFalse();
        bobsBrowser.click(WebUser.friendItem(alice.username()) + " input[type=radio][name=friend]");
        bobsBrowser.click("#chat-button");
        shownLive(alicesBrowser, "first message read once Bob opened the chat", bobsBrowser.lastClick(),
                () -> isRead(alice, first.id()));
        assertThat(alicesBrowser.text("li.message[data-message-id=\"" + first.id() + "\"] .read")).matches("Read .+");
        alicesBrowser.screenshot("read");

        alicesBrowser.reload();
        alicesBrowser.awaitPage("chat");
        alice.awaitMessage("first message still read after a reload",
                message -> message.id().equals(first.id()) && message.read());

        // Bob turns read receipts off: Alice's next message is not shown read while his chat is open, and after a
        // reload she sees no read state from him at all.
        assertThat(bob.setChatSetting("read-receipts", false).isSuccess()).isTrue();
        bob.openChat(alice.username());
        Message second = alice.send("See you at eight then.");
        bob.awaitMessage("Alice's second message in Bob's open chat", message -> message.id().equals(second.id()));
        alice.awaitMessage("second message delivered", message -> message.id().equals(second.id()) && message.delivered());
        assertThat(stays(alice, second.id())).as("read with Bob's read receipts off").isFalse();
        alicesBrowser.screenshot("delivered-only");
        alicesBrowser.reload();
        alicesBrowser.awaitPage("chat");
        alice.awaitMessage("second message after a reload", message -> message.id().equals(second.id()));
        assertThat(alice.messages()).filteredOn(message -> message.is("mine")).noneMatch(Message::read)
                .allMatch(Message::delivered);
    }

    private static boolean isRead(WebUser user, String messageId) {
        return user.messages().stream().anyMatch(message -> message.id().equals(messageId) && message.read());
    }

    /** Whether the message shows "Read" at some point in the next few seconds. */
    private static boolean stays(WebUser user, String messageId) {
        long deadline = System.nanoTime() + QUIET.toNanos();
        while (System.nanoTime() < deadline) {
            if (isRead(user, messageId)) {
                return true;
            }
            WebUser.pause(Duration.ofMillis(250));
        }
        return false;
    }

    /**
     * Waits until the change shows in this browser, logs how long after the action it took, and checks that it took
     * no longer than a live update may.
     */
    private static void shownLive(Browser browser, String what, long since, BooleanSupplier shown) {
        browser.await(what, Browser.WAIT, driver -> shown.getAsBoolean() ? true : null);
        Duration took = Duration.ofNanos(System.nanoTime() - since);
        System.out.printf("Live update: %s: %s, %d ms after the action%n", browser.name(), what, took.toMillis());
        assertThat(took).as("%s: time until %s", browser.name(), what).isLessThanOrEqualTo(LIVE);
    }
}
