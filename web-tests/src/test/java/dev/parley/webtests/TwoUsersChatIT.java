package dev.parley.webtests;

import static dev.parley.webtests.Names.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.parley.webtests.WebUser.Message;
import dev.parley.webtests.WebUser.Result;

/** Two people, each in a browser of their own, from sign-up to a conversation: they
 * become friends, see each other online and chat in real time. */
@WebTest
class TwoUsersChatIT {

    private static final Duration PRESENCE = Duration.ofSeconds(20);

    @Test
    void twoNewUsersBecomeFriendsSeeEachOtherOnlineAndChatInRealTime(Browsers browsers) {
        String aliceName = Names.username("Alice");
        String bobName = Names.username("Bob");
        Browser aliceBrowser = browsers.open("alice");
        Browser bobBrowser = browsers.open("bob");

        WebUser alice = WebUser.signUp(aliceBrowser, aliceName, PASSWORD);
        aliceBrowser.screenshot("home");
        WebUser bob = WebUser.signUp(bobBrowser, bobName, PASSWORD);

        Result sent = alice.addFriendOnceKnown(bobName);
        aliceBrowser.screenshot("add-friend");
        assertThat(sent).isEqualTo(new Result("success", "Friend request sent to " + bobName + "."));
        alice.openRequests("sent");
        assertThat(alice.sentRequestStatus(bobName)).isEqualTo("pending");
        assertThat(aliceBrowser.isPresent(WebUser.requestItem("#sent-list", bobName) + " button.cancel"))
                .as("a pending request can be cancelled").isTrue();
        aliceBrowser.screenshot("requests-sent");

        bob.openRequests("received");
        assertThat(bob.receivedRequests()).containsExactly(aliceName);
        bobBrowser.screenshot("requests-received");
        assertThat(bob.decide("approve", aliceName))
                .isEqualTo(new Result("success", "Friend requests approved successfully!"));
        bobBrowser.screenshot("requests-approved");

        alice.openRequests("sent");
        assertThat(alice.sentRequestStatus(bobName)).isEqualTo("approved");

        alice.awaitFriendOnline(bobName, PRESENCE);
        aliceBrowser.screenshot("friend-list");
        bob.awaitFriendOnline(aliceName, PRESENCE);
        bobBrowser.screenshot("friend-list");

        alice.openChat(bobName);
        bob.openChat(aliceName);
        bobBrowser.screenshot("chat-room");

        String hello = "Hello " + bobName + ", grüß dich!";
        Message helloSent = alice.send(hello);
        bob.awaitMessage("Alice's message, live", message -> message.is("live", "theirs") && hello.equals(message.text()));
        String reply = "Hi " + aliceName + ", nice to see you here.";
        bob.send(reply);
        alice.awaitMessage("Bob's reply, live", message -> message.is("live", "theirs") && reply.equals(message.text()));
        alice.awaitMessage("Alice's message delivered",
                message -> message.id().equals(helloSent.id()) && message.delivered(), PRESENCE);
        aliceBrowser.screenshot("chat-room");

        String aliceNumber = alice.safetyNumber();
        aliceBrowser.screenshot("safety-number");
        assertThat(bob.safetyNumber()).as("both see the same safety number").isEqualTo(aliceNumber);

        // The access token lives in the page only: a reload restores the session through the refresh cookie.
        bobBrowser.reload();
        bobBrowser.awaitPage("chat");
        bob.awaitMessage("Alice's message in the history", message -> message.is("history", "theirs")
                && hello.equals(message.text()));
        assertThat(bob.messages()).filteredOn(message -> message.is("history"))
                .extracting(Message::text).containsSubsequence(hello, reply);
        assertThat(bobBrowser.text("#nav-username")).isEqualTo(bobName);
        assertThat(bobBrowser.isVisible("#integrity-alert")).as("an integrity alert").isFalse();
        bobBrowser.screenshot("chat-after-reload");

        alice.logOut();
        aliceBrowser.screenshot("login");

        bobBrowser.click("#leave-room");
        bobBrowser.awaitPage("friends");
        bob.awaitPresence(aliceName, "Offline", PRESENCE);
        assertThat(bob.lastSeen(aliceName)).as("the last seen time of an offline friend").isNotBlank();
        bobBrowser.screenshot("friend-list-offline");
    }
}
