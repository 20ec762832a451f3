package dev.parley.webtests;

import static dev.parley.webtests.Names.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.parley.client.api.ChatModels.ConversationInfo;
import dev.parley.client.chat.Conversation;
import dev.parley.client.chat.ReceivedMessage;
import dev.parley.client.chat.SendReceipt;
import dev.parley.webtests.WebUser.Message;

/**
 * The browser client and the Java client library speak the same protocol: a user of each becomes the other's friend
 * and they exchange messages both ways, each verified by the other side's own checks.
 */
@WebTest
class JavaClientInteropIT {

    private static final Duration MESSAGE = Duration.ofSeconds(30);

    @Test
    void aBrowserUserAndAJavaClientUserChatBothWays(Browsers browsers, SharedStack stack) throws Exception {
        try (JavaUser java = JavaUser.signUp(stack, Names.username("Java"), PASSWORD)) {
            Browser browser = browsers.open("webby");
            WebUser webby = WebUser.signUp(browser, Names.username("Webby"), PASSWORD);

            assertThat(webby.addFriendOnceKnown(java.username()).isSuccess()).isTrue();
            java.approve(webby.username());
            UUID webbyId = java.userIdOf(webby.username());
            ConversationInfo info = java.awaitFriendshipKnown(webbyId);

            // The Java client coming online shows on the open friend list, without a reload.
            webby.goTo("friends");
            assertThat(webby.friendUserId(java.username())).isEqualTo(java.userId().toString());
            assertThat(browser.text(WebUser.friendItem(java.username()) + " .presence")).isEqualTo("Offline");
            java.connectChat();
            webby.awaitPresence(java.username(), "Online", Duration.ofSeconds(20));
            browser.screenshot("friend-list");

            Conversation conversation = java.join(info);
            String fromJava = "Hello from the Java client, ça va ?";
            SendReceipt stored = conversation.send(fromJava).get(30, TimeUnit.SECONDS);

            webby.openChat(java.username());
            webby.awaitMessage("the Java client's message", message -> message.is("theirs")
                    && fromJava.equals(message.text()) && message.id().equals(stored.messageId().toString()));
            assertThat(browser.isVisible("#integrity-alert")).as("an integrity alert").isFalse();
            java.awaitDelivery(stored.messageId(), MESSAGE);

            String fromBrowser = "Hello from the browser, très bien !";
            Message sent = webby.send(fromBrowser);
            ReceivedMessage received = java.awaitMessage(message -> message.messageId().toString().equals(sent.id()),
                    MESSAGE);
            assertThat(received.verification().problem()).as("the Java client's checks").isEmpty();
            assertThat(received.verification().message().orElseThrow().body().text()).isEqualTo(fromBrowser);
            assertThat(received.senderId()).isEqualTo(webbyId);
            webby.awaitMessage("the browser's message delivered to the Java client",
                    message -> message.id().equals(sent.id()) && message.delivered(), MESSAGE);

            assertThat(webby.safetyNumber()).as("the browser's and the Java client's safety numbers")
                    .isEqualTo(conversation.safetyNumber());
            browser.screenshot("chat-room");
        }
    }
}
