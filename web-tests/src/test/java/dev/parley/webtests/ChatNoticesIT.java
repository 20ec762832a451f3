package dev.parley.webtests;

import static dev.parley.webtests.Names.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.parley.client.api.ChatModels.ConversationInfo;
import dev.parley.client.chat.Conversation;

/**
 * A message that arrives outside its room: the notice names the sender and opens that chat, screen readers hear it,
 * the tab's title counts the unread messages. In the room, one sender's consecutive messages are grouped under one
 * name, after a date separator.
 */
@WebTest
class ChatNoticesIT {

    @Test
    void aMessageOutsideItsRoomNamesItsSenderCountsInTheTitleAndOpensTheChat(Browsers browsers, SharedStack stack)
            throws Exception {
        Browser browser = browsers.open("lena");
        WebUser lena = WebUser.signUp(browser, Names.username("Lena"), PASSWORD);
        // Abel has no conversation with Lena: the conversation list puts him after Mike, though his name comes first.
        JavaUser abel = JavaUser.signUp(stack, Names.username("Abel"), PASSWORD);
        try (JavaUser mike = JavaUser.signUp(stack, Names.username("Mike"), PASSWORD)) {
            mike.sendFriendRequest(lena.username());
            abel.sendFriendRequest(lena.username());
            assertThat(lena.decide("approve", mike.username(), abel.username()).isSuccess()).isTrue();
            UUID lenaId = mike.userIdOf(lena.username());
            ConversationInfo info = mike.awaitFriendshipKnown(lenaId);
            mike.connectChat();
            Conversation conversation = mike.join(info);
            lena.goTo("friends");
            assertThat(browser.script("return document.title;")).isEqualTo("Friend list · Parley");
            // From here on nothing may log an error (before, a just-created account can meet projections that lag).
            browser.consoleErrors();

            conversation.send("Are you there?").get(30, TimeUnit.SECONDS);
            String expected = "You have a new message from " + mike.username() + ".";
            browser.awaitText("#notice", "names the sender", expected::equals);
            browser.await("the announcement for screen readers", Browser.WAIT,
                    driver -> expected.equals(browser.script("return document.getElementById('announcer').textContent;")),
                    () -> String.valueOf(browser.script("return document.getElementById('announcer').textContent;")));
            awaitTitle(browser, "(1) Friend list · Parley");
            browser.screenshot("notice-and-title");

            conversation.send("Hello?").get(30, TimeUnit.SECONDS);
            awaitTitle(browser, "(2) Friend list · Parley");

            browser.click("#notice");
            browser.awaitPage("chat");
            browser.awaitText("#chat-join", "names the friend", ("You are now chatting with " + mike.username())::equals);
            awaitTitle(browser, "Chat with " + mike.username() + " · Parley");
            // A wide window shows the conversation list beside the chat: friends with a conversation first, the open
            // one marked current.
            browser.awaitTexts("#conversation-list li.conversation-item .name", "list Mike, then Abel",
                    List.of(mike.username(), abel.username())::equals);
            browser.screenshot("two-panes");
            assertThat(browser.find("#conversation-list a[aria-current=page]").getText()).contains(mike.username());

            // Two messages of one sender on one day: one date separator, the sender's name shown once.
            List<WebUser.Message> lines = List.of(
                    lena.awaitMessage("the first message", message -> message.text().equals("Are you there?")),
                    lena.awaitMessage("the second message", message -> message.text().equals("Hello?")));
            assertThat(lines.get(0).is("continued")).as("the first of the group").isFalse();
            assertThat(lines.get(1).is("continued")).as("the second of the group").isTrue();
            assertThat(browser.texts("#messages li.day")).isEqualTo(List.of("Today"));
            // The grouped message keeps its sender's name for screen readers only: a clipped box of at most 1 px.
            assertThat(((Number) browser.script("return document.querySelector('#messages li.message.continued .sender')"
                    + ".getBoundingClientRect().width;")).doubleValue()).as("the grouped sender's width").isLessThanOrEqualTo(1);
            lena.send("Yes, here.");
            conversation.send("Good.").get(30, TimeUnit.SECONDS);
            WebUser.Message reply = lena.awaitMessage("the live reply", message -> message.text().equals("Good."));
            assertThat(reply.is("continued")).as("a message after one of Lena's starts a new group").isFalse();
            browser.screenshot("grouped-messages");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    private static void awaitTitle(Browser browser, String title) {
        browser.await("the title " + title, Duration.ofSeconds(15),
                driver -> title.equals(driver.getTitle()), () -> String.valueOf(browser.script("return document.title;")));
    }
}
