package dev.parley.webtests;

import static dev.parley.webtests.Names.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.parley.client.api.ChatModels.ConversationInfo;
import dev.parley.client.chat.Conversation;

/**
 * Every page on a 360 x 740 phone (the group room and the New group dialog too): nothing scrolls sideways, the navigation is one compact row, times and tab labels
 * never wrap, and every button, link of the navigation, tab, input and list choice is at least 44 px high.
 */
@WebTest
class PhoneLayoutIT {

    /** One row of 44 px targets with a little padding; two rows were about 130 px. */
    private static final int MAX_NAV_HEIGHT = 56;
    private static final int MIN_TARGET = 44;

    /** What the page measures, in CSS pixels; runs in the page. */
    private static final String MEASURE = """
            const visible = (el) => {
              const r = el.getBoundingClientRect();
              return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
                && r.bottom > 0 && r.top < innerHeight + document.documentElement.scrollHeight;
            };
            // The lines a text takes: the distinct tops of its text's boxes.
            const lines = (el) => {
              const range = document.createRange();
              range.selectNodeContents(el);
              return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
            };
            const targets = 'button, .nav a, [role=tab], .list label, input:not([type=radio]):not([type=checkbox]), '
              + 'textarea, select, a.action, .group-item a';
            return {
              viewport: document.documentElement.clientWidth,
              scrollWidth: document.documentElement.scrollWidth,
              navHeight: Math.round(document.getElementById('nav').getBoundingClientRect().height),
              small: [...document.querySelectorAll(targets)].filter(visible)
                .filter((el) => el.getBoundingClientRect().height < arguments[0])
                .map((el) => (el.id || el.className || el.tagName) + ' ' + Math.round(el.getBoundingClientRect().height)),
              wrapped: [...document.querySelectorAll('.message-meta time, .message-meta .delivered, .message-meta .read, '
                + '.message-meta .sent, [role=tab], .nav .links a')]
                .filter(visible).filter((el) => lines(el) > 1).map((el) => el.textContent),
            };""";

    @Test
    void everyPageFitsA360PixelPhone(Browsers browsers, SharedStack stack) throws Exception {
        Browser browser = browsers.open("nina");
        browser.emulatePhone(360, 740);
        browser.open("#/signup");
        browser.awaitPage("signup");
        assertFits(browser, "signup", false);
        WebUser nina = WebUser.signUp(browser, Names.username("Nina"), PASSWORD);
        try (JavaUser oscar = JavaUser.signUp(stack, Names.username("Oscar"), PASSWORD)) {
            oscar.sendFriendRequest(nina.username());
            assertThat(nina.decide("approve", oscar.username()).isSuccess()).isTrue();
            UUID ninaId = oscar.userIdOf(nina.username());
            ConversationInfo info = oscar.awaitFriendshipKnown(ninaId);
            oscar.connectChat();
            Conversation conversation = oscar.join(info);
            conversation.send("Hi Nina, a message long enough to take two lines on a phone, and then some more.")
                    .get(30, TimeUnit.SECONDS);

            for (String page : List.of("home", "add-friend", "requests", "friends", "account")) {
                nina.goTo(page);
                assertFits(browser, page, true);
            }
            nina.openRequests("sent");
            assertFits(browser, "requests-sent", true);

            nina.openChat(oscar.username());
            WebUser.Message sent = nina.send("And my answer, also long enough to need a second line on this phone.");
            nina.awaitMessage("my message delivered", message -> message.id().equals(sent.id()) && message.delivered(),
                    Duration.ofSeconds(30));
            assertFits(browser, "chat", true);
            oscar.markRead(info.id(), UUID.fromString(sent.id()));
            nina.awaitMessage("my message read", message -> message.id().equals(sent.id()) && message.read(),
                    Duration.ofSeconds(30));
            assertFits(browser, "chat-read", true);
            assertThat(browser.isVisible("#conversation-list")).as("the conversation list beside a phone's chat").isFalse();

            nina.createGroup("Weekend plans with a name long enough to be cut short", oscar.username());
            nina.send("A group message, long enough to take two lines on a phone, and then some more.");
            assertFits(browser, "group", true);
            nina.showMembers();
            assertFits(browser, "group-members", true);
            nina.goTo("friends");
            assertFits(browser, "friends-with-a-group", true);
            nina.fillNewGroup("Climbing", oscar.username());
            assertFits(browser, "new-group-dialog", true);
        }
    }

    private static void assertFits(Browser browser, String page, boolean signedIn) {
        browser.screenshot("phone-" + page);
        @SuppressWarnings("unchecked")
        Map<String, Object> measured = (Map<String, Object>) browser.script(MEASURE, MIN_TARGET);
        assertThat(((Number) measured.get("viewport")).intValue()).as("the viewport's width").isEqualTo(360);
        assertThat(((Number) measured.get("scrollWidth")).intValue()).as("the page's width on %s", page)
                .isLessThanOrEqualTo(360);
        if (signedIn) {
            assertThat(((Number) measured.get("navHeight")).intValue()).as("the navigation's height on %s", page)
                    .isBetween(MIN_TARGET, MAX_NAV_HEIGHT);
        }
        assertThat((List<?>) measured.get("small")).as("targets under %d px on %s", MIN_TARGET, page).isEmpty();
        assertThat((List<?>) measured.get("wrapped")).as("times, tabs and links that wrap on %s", page).isEmpty();
    }
}
