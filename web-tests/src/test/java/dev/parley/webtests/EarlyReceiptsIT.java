package dev.parley.webtests;

import static dev.parley.webtests.Names.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.webtests.WebUser.Message;

/**
 * A receipt can reach the sender's page before the page is done with the ack of the message it names: the friend's
 * device confirms as soon as the message arrives, while the sender's page still checks and stores its own copy after
 * the ack. Alice's browser hands every ack to the page 1.5 s late, so that each receipt overtakes it for sure:
 * "Delivered" (Bob elsewhere in the app) and "Read" (Bob in the chat) must still show on her message once its line is
 * there. The order in which her page got the frames is checked too, so the test cannot pass without the race.
 */
@WebTest
class EarlyReceiptsIT {

    private static final Duration ACK_DELAY = Duration.ofMillis(1500);
    private static final Duration PRESENCE = Duration.ofSeconds(20);
    private static final Duration RECEIPT = Duration.ofSeconds(10);

    @Test
    void receiptsThatOvertakeTheirAckStillMarkTheMessage(Browsers browsers) {
        Browser alicesBrowser = browsers.open("alice");
        alicesBrowser.delayIncomingFrames("ack", ACK_DELAY);
        Browser bobsBrowser = browsers.open("bob");
        WebUser alice = WebUser.signUp(alicesBrowser, Names.username("Alice"), PASSWORD);
        WebUser bob = WebUser.signUp(bobsBrowser, Names.username("Bob"), PASSWORD);
        assertThat(alice.addFriendOnceKnown(bob.username()).isSuccess()).isTrue();
        bob.openRequests("received");
        assertThat(bob.decide("approve", alice.username()).isSuccess()).isTrue();
        alice.awaitFriendOnline(bob.username(), PRESENCE);
        alice.openChat(bob.username());

        // Bob on his friend list: his page confirms delivery at once and reads nothing.
        bob.goTo("friends");
        Message first = alice.send("Are you there?");
        alice.awaitMessage("first message delivered, its receipt having come before its ack",
                message -> message.id().equals(first.id()) && message.delivered(), RECEIPT);
        assertThat(framesHandedOver(alicesBrowser))
                .as("the frames Alice's page got: the receipt before the ack")
                .containsSubsequence("delivered " + first.id(), "ack " + first.id());
        assertThat(alice.messages()).filteredOn(message -> message.id().equals(first.id()))
                .singleElement().matches(message -> !message.read(), "not read");

        // Bob in the chat: his page reads each message as it comes, and that receipt overtakes the ack too.
        bob.openChat(alice.username());
        alice.awaitMessage("first message read once Bob opened the chat",
                message -> message.id().equals(first.id()) && message.read(), RECEIPT);
        Message second = alice.send("Good, see you at eight.");
        alice.awaitMessage("second message read, its receipt having come before its ack",
                message -> message.id().equals(second.id()) && message.read(), RECEIPT);
        assertThat(framesHandedOver(alicesBrowser))
                .as("the frames Alice's page got: the read receipt before the ack")
                .containsSubsequence("read " + second.id(), "ack " + second.id());
    }

    /** The frames Alice's page has been handed, in order, as "type messageId" (the id an ack or receipt names). */
    @SuppressWarnings("unchecked")
    private static List<String> framesHandedOver(Browser browser) {
        return (List<String>) browser.script("return window.parleyFramesHandedOver || [];");
    }
}
