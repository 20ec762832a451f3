package dev.parley.webtests;

import static dev.parley.webtests.Names.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import dev.parley.client.api.ChatModels.ConversationInfo;
import dev.parley.client.chat.Conversation;
import dev.parley.stack.Service;

/**
 * axe-core (npm's, run in the page: WCAG 2.x A and AA rules and best practices) finds no serious or critical
 * violation on any page, at desktop width and on a 360 x 740 phone: login and sign-up (with their errors), home, add
 * friend (with a refusal), both request tabs with entries, the friend list, the chat room with messages (beside the
 * conversation list in a wide window) and its safety number, the account page, the key-change warning with its
 * password prompt, and the integrity alert. On the way it takes the README's pictures. A keyboard alone (Tab, Enter,
 * Space and typing) signs up, approves a request, opens a chat and sends; the skip link and the focus on each page's
 * heading work, and a friend's new message is read out by the live region.
 */
@WebTest
class AccessibilityIT {

    /** Carol's public key from the test vectors: a valid X25519 key that is nobody's in this stack. */
    private static final String SOMEONE_ELSES_KEY = "L857npRGO_uj78_j8lXP9EwDNYzS6MaUwnhc6i2MsB4";

    private final List<String> found = new ArrayList<>();

    @Test
    void everyPageHasNoSeriousOrCriticalViolationAtDesktopAndPhoneWidths(Browsers browsers, SharedStack stack)
            throws Exception {
        Browser browser = browsers.open("ada");
        browser.emulateScreen(1280, 800);
        browser.open("#/login");
        browser.awaitPage("login");
        check(browser, "login");
        browser.click("#login-submit");
        browser.awaitText("#login-errors li", "asks for every field", text -> !text.isEmpty());
        check(browser, "login-errors");
        browser.open("#/signup");
        browser.awaitPage("signup");
        check(browser, "signup");
        WebUser.fillSignUp(browser, "ad_", "secret", "secre");
        browser.click("#signup-submit");
        browser.awaitText("#signup-errors li", "lists the faults", text -> !text.isEmpty());
        check(browser, "signup-errors");

        WebUser ada = WebUser.signUp(browser, Names.username("Ada"), PASSWORD);
        try (JavaUser ben = JavaUser.signUp(stack, Names.username("Ben"), PASSWORD)) {
            JavaUser cleo = JavaUser.signUp(stack, Names.username("Cleo"), PASSWORD);
            JavaUser dora = JavaUser.signUp(stack, Names.username("Dora"), PASSWORD);
            ben.sendFriendRequest(ada.username());
            cleo.sendFriendRequest(ada.username());
            assertThat(ada.addFriendOnceKnown(dora.username()).isSuccess()).isTrue();
            check(browser, "add-friend-sent");
            assertThat(ada.addFriend("no_such_user").text()).isEqualTo("Unknown username!");
            check(browser, "add-friend-refused");
            ada.goTo("home");
            check(browser, "home");

            ada.openRequests("received");
            browser.awaitText(WebUser.requestItem("#received-list", cleo.username()), "lists Cleo", text -> !text.isEmpty());
            browser.click("#approve");
            browser.awaitText("#requests-result", "asks for a tick", text -> !text.isEmpty());
            check(browser, "requests-received-nothing-ticked");
            assertThat(ada.decide("approve", ben.username()).isSuccess()).isTrue();
            check(browser, "requests-received");
            browser.click("#tab-sent");
            ada.sentRequestStatus(dora.username());
            check(browser, "requests-sent");

            ada.goTo("friends");
            browser.find(WebUser.friendItem(ben.username()));
            check(browser, "friends");
            browser.click("#chat-button");
            browser.awaitText("#friends-result", "asks for a friend", text -> !text.isEmpty());
            check(browser, "friends-nothing-ticked");

            // Ben writes while Ada's room is open: live lines, and no notice over the README's picture.
            ConversationInfo info = ben.awaitFriendshipKnown(ben.userIdOf(ada.username()));
            ben.connectChat();
            Conversation conversation = ben.join(info);
            ada.openChat(ben.username());
            UUID first = conversation.send("Hi Ada! Are we still on for the climbing gym on Saturday?")
                    .get(30, TimeUnit.SECONDS).messageId();
            conversation.send("I can bring the spare harness.").get(30, TimeUnit.SECONDS);
            ada.awaitMessage("Ben's second message", message -> message.text().equals("I can bring the spare harness."));
            WebUser.Message reply = ada.send("Yes! 10 o'clock at the entrance. Thanks for the harness.");
            ada.awaitMessage("my reply delivered", message -> message.id().equals(reply.id()) && message.delivered(),
                    Duration.ofSeconds(30));
            browser.awaitTexts("#conversation-list li.conversation-item .name", "list Ben",
                    names -> names.contains(ben.username()));
            check(browser, "chat");
            browser.readmeScreenshot("two-panes");
            ada.safetyNumber();
            check(browser, "chat-safety-number");
            ada.goTo("account");
            check(browser, "account");

            browser.emulatePhoneForScreenshots(360, 740);
            for (String page : List.of("home", "add-friend", "requests", "friends", "account")) {
                ada.goTo(page);
                check(browser, "phone-" + page);
            }
            ada.openChat(ben.username());
            ada.awaitMessage("my reply", message -> message.id().equals(reply.id()) && message.delivered());
            check(browser, "phone-chat");
            browser.readmeScreenshot("phone-chat");

            browser.emulateScreen(1280, 800);
            ChatDatabase database = new ChatDatabase(stack.database(Service.CHAT));
            database.replacePublicKey(ben.userId(), SOMEONE_ELSES_KEY);
            browser.reload();
            browser.awaitPage("chat");
            browser.awaitText("#key-change-warning", "warns about the changed key", text -> !text.isEmpty());
            check(browser, "key-change-warning");
            browser.readmeScreenshot("key-change-warning");
            browser.click("#accept-key-change");
            browser.await("the password asked for", Browser.WAIT, driver -> browser.isVisible("#password-prompt"));
            check(browser, "key-change-password");

            database.replaceEnvelope(first, ChatDatabase.withChangedCiphertext(database.envelope(first)));
            browser.reload();
            browser.awaitPage("chat");
            browser.awaitText("#integrity-alert", "names MODIFIED", text -> text.contains("MODIFIED"));
            check(browser, "integrity-alert");
            browser.emulatePhoneForScreenshots(360, 740);
            check(browser, "phone-integrity-alert");
        }
        assertThat(found).as("axe-core's serious and critical violations, by page").isEmpty();
    }

    @Test
    void aKeyboardAloneSignsUpBefriendsOpensAChatAndSendsAndNewMessagesAreAnnounced(Browsers browsers, SharedStack stack)
            throws Exception {
        Browser browser = browsers.open("kim");
        browser.open("#/login");
        browser.awaitPage("login");
        assertThat(focusedHeading(browser)).isEqualTo("Log in");
        browser.tabTo("#to-signup");
        browser.keys(Keys.ENTER);
        browser.awaitPage("signup");
        assertThat(focusedHeading(browser)).isEqualTo("Create your account");
        String username = Names.username("Kim");
        browser.tabTo("#signup-username");
        browser.keys(username);
        browser.tabTo("#signup-password");
        browser.keys(PASSWORD);
        browser.tabTo("#signup-password-again");
        browser.keys(PASSWORD, Keys.ENTER);
        browser.awaitPage("home");
        assertThat(focusedHeading(browser)).isEqualTo("Welcome, " + username);

        // The skip link is the first stop of the page: from the navigation back to it, then over the navigation.
        browser.tabTo("#skip-link", true);
        assertThat(browser.isVisible("#skip-link")).as("the focused skip link is shown").isTrue();
        browser.keys(Keys.ENTER);
        assertThat(focusedHeading(browser)).as("the focus after the skip link").isEqualTo("Welcome, " + username);

        try (JavaUser leo = JavaUser.signUp(stack, Names.username("Leo"), PASSWORD)) {
            leo.sendFriendRequest(username);
            browser.tabTo("#nav-requests", true);
            browser.keys(Keys.ENTER);
            browser.awaitPage("requests");
            assertThat(focusedHeading(browser)).isEqualTo("Friend requests");
            String box = WebUser.requestItem("#received-list", leo.username()) + " input[type=checkbox]";
            browser.find(box);
            browser.tabTo(box);
            browser.keys(Keys.SPACE);
            browser.tabTo("#approve");
            browser.keys(Keys.ENTER);
            browser.awaitText("#requests-result", "says approved", "Friend requests approved successfully!"::equals);
            // The tabs: one Tab stop, the arrow keys between them.
            browser.tabTo("#tab-received", true);
            browser.keys(Keys.ARROW_RIGHT);
            assertThat(browser.focused()).isEqualTo("tab-sent");
            assertThat(browser.isVisible("#sent-panel")).as("the sent tab shown").isTrue();
            assertThat(browser.isVisible("#received-panel")).as("the received tab shown").isFalse();
            browser.keys(Keys.ARROW_LEFT);
            assertThat(browser.focused()).isEqualTo("tab-received");

            ConversationInfo info = leo.awaitFriendshipKnown(leo.userIdOf(username));
            leo.connectChat();
            Conversation conversation = leo.join(info);
            browser.tabTo("#nav-friends", true);
            browser.keys(Keys.ENTER);
            browser.awaitPage("friends");
            assertThat(focusedHeading(browser)).isEqualTo("Friend list");
            String radio = WebUser.friendItem(leo.username()) + " input[type=radio]";
            browser.find(radio);
            browser.tabTo(radio);
            browser.keys(Keys.SPACE);
            browser.tabTo("#chat-button");
            browser.keys(Keys.ENTER);
            browser.awaitPage("chat");
            browser.awaitText("#chat-join", "names Leo", ("You are now chatting with " + leo.username())::equals);
            assertThat(focusedHeading(browser)).isEqualTo(leo.username());

            browser.tabTo("#message-input");
            browser.keys("Typed with the keyboard alone.", Keys.ENTER);
            browser.await("my message stored", Browser.WAIT, driver -> browser.findAll("#messages li.message.mine")
                    .stream().anyMatch(line -> line.getText().contains("Typed with the keyboard alone.")
                            && !String.valueOf(line.getAttribute("data-message-id")).matches("null|")));
            assertThat(browser.focused()).as("the focus stays in the message box").isEqualTo("message-input");

            conversation.send("Got it, and this line is read out.").get(30, TimeUnit.SECONDS);
            String announced = leo.username() + ": Got it, and this line is read out.";
            browser.await("the new message announced", Browser.WAIT,
                    driver -> announced.equals(browser.script("return document.getElementById('announcer').textContent;")),
                    () -> String.valueOf(browser.script("return document.getElementById('announcer').textContent;")));
            assertThat(browser.find("#announcer").getAttribute("aria-live")).isEqualTo("polite");
            browser.screenshot("keyboard-chat");

            // A group, by keyboard too: the New group dialog, a friend ticked with Space, the room, a message, the
            // members panel.
            browser.tabTo("#nav-friends", true);
            browser.keys(Keys.ENTER);
            browser.awaitPage("friends");
            browser.tabTo("#new-group-button");
            browser.keys(Keys.ENTER);
            String member = WebUser.newGroupFriend(leo.username());
            browser.find(member);
            assertThat(browser.focused()).as("the focus in the New group dialog").isEqualTo("new-group-name");
            browser.keys("Keyboard club");
            browser.tabTo(member);
            browser.keys(Keys.SPACE);
            browser.tabTo("#new-group-submit");
            browser.keys(Keys.ENTER);
            browser.awaitPage("group");
            assertThat(focusedHeading(browser)).isEqualTo("Keyboard club");
            browser.tabTo("#message-input");
            browser.keys("A group message typed with the keyboard alone.", Keys.ENTER);
            browser.await("my group message stored", Browser.WAIT, driver -> browser.findAll("#messages li.message.mine")
                    .stream().anyMatch(line -> line.getText().contains("A group message typed with the keyboard alone.")
                            && !String.valueOf(line.getAttribute("data-message-id")).matches("null|")));
            browser.tabTo("#show-members", true);
            browser.keys(Keys.ENTER);
            assertThat(browser.isVisible("#members-panel")).as("the members panel opened with Enter").isTrue();
            assertThat(browser.find("#show-members").getAttribute("aria-expanded")).isEqualTo("true");
            browser.screenshot("keyboard-group");
        }
    }

    /** The text of the focused element when it is the page's heading; what has the focus otherwise. */
    private static String focusedHeading(Browser browser) {
        return String.valueOf(browser.script("""
                const focused = document.activeElement;
                return focused.tagName === 'H1' ? focused.textContent : 'not a heading: ' + focused.outerHTML.slice(0, 80);"""));
    }

    /** Runs axe on the page and keeps its serious and critical violations, so that one run lists every page's. */
    private void check(Browser browser, String page) {
        browser.screenshot("axe-" + page);
        Axe.seriousViolations(browser, page).forEach(violation -> found.add(page + ": " + violation));
    }
}
