package dev.parley.webtests;

import static dev.parley.client.crypto.SignUpMessages.FILL_IN_ALL_FIELDS;
import static dev.parley.client.crypto.SignUpMessages.PASSWORDS_DO_NOT_MATCH;
import static dev.parley.client.crypto.SignUpMessages.PASSWORD_DIGIT;
import static dev.parley.client.crypto.SignUpMessages.PASSWORD_LENGTH;
import static dev.parley.client.crypto.SignUpMessages.PASSWORD_SYMBOL;
import static dev.parley.client.crypto.SignUpMessages.PASSWORD_UPPERCASE;
import static dev.parley.client.crypto.SignUpMessages.USERNAME_CHARACTERS;
import static dev.parley.client.crypto.SignUpMessages.USERNAME_LENGTH;
import static dev.parley.webtests.Names.NEW_PASSWORD;
import static dev.parley.webtests.Names.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * The sign-up form judges each field as it is typed, its messages next to it (the protocol's texts), and a refused
 * submit puts the focus on the first field at fault; after a login and every navigation the focus is on the page's
 * heading; the skip link jumps to it; add-friend refusals the page can tell log no error in the console, and no
 * expected refusal of any form logs anything but the browser's line for a request the server refused.
 */
@WebTest
class FormsAccessibilityIT {

    @Test
    void signUpChecksEachFieldAsItIsTypedAndFocusesTheFirstFault(Browsers browsers) {
        Browser browser = browsers.open("olga");
        browser.open("#/signup");
        browser.awaitPage("signup");

        browser.type("#signup-username", "ol_");
        awaitFieldMessages(browser, "signup-username", List.of(USERNAME_LENGTH, USERNAME_CHARACTERS));
        assertThat(browser.find("#signup-username").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.isVisible("#signup-password-messages")).as("an untouched field is not judged").isFalse();
        assertThat(browser.isVisible("#signup-errors")).as("the summary waits for a submit").isFalse();
        String username = Names.username("Olga");
        browser.type("#signup-username", username);
        awaitFieldMessages(browser, "signup-username", List.of());
        assertThat(browser.find("#signup-username").getAttribute("aria-invalid")).isNull();

        browser.type("#signup-password", "secret");
        awaitFieldMessages(browser, "signup-password",
                List.of(PASSWORD_LENGTH, PASSWORD_UPPERCASE, PASSWORD_DIGIT, PASSWORD_SYMBOL));
        browser.type("#signup-password-again", "secre");
        awaitFieldMessages(browser, "signup-password-again", List.of(PASSWORDS_DO_NOT_MATCH));
        browser.screenshot("signup-as-you-type");
        browser.type("#signup-password", PASSWORD);
        awaitFieldMessages(browser, "signup-password", List.of());

        // Submitting: the summary lists every message, the focus goes to the first field at fault.
        browser.click("#signup-submit");
        browser.awaitTexts("#signup-errors li", "list the mismatch", List.of(PASSWORDS_DO_NOT_MATCH)::equals);
        assertThat(focusedId(browser)).isEqualTo("signup-password-again");
        browser.find("#signup-username").clear();
        browser.click("#signup-submit");
        browser.awaitTexts("#signup-errors li", "ask for every field", List.of(FILL_IN_ALL_FIELDS)::equals);
        assertThat(browser.texts("#signup-username-messages li")).isEqualTo(List.of(FILL_IN_ALL_FIELDS));
        assertThat(focusedId(browser)).isEqualTo("signup-username");
        browser.screenshot("signup-focus-first-fault");

        WebUser.fillSignUp(browser, username, PASSWORD, PASSWORD);
        browser.click("#signup-submit");
        browser.awaitPage("home");
        assertThat(focusedHeading(browser)).as("the focus after signing up").isEqualTo("Welcome, " + username);
        assertThat(browser.consoleErrors()).as("console errors of a first visit and a sign-up").isEmpty();
    }

    @Test
    void theFocusFollowsNavigationAndAddFriendRefusalsLogNoErrors(Browsers browsers, SharedStack stack) {
        Browser browser = browsers.open("paul");
        WebUser paul = WebUser.signUp(browser, Names.username("Paul"), PASSWORD);
        JavaUser friend = JavaUser.signUp(stack, Names.username("Quinn"), PASSWORD);
        friend.sendFriendRequest(paul.username());
        assertThat(paul.decide("approve", friend.username()).isSuccess()).isTrue();
        JavaUser asked = JavaUser.signUp(stack, Names.username("Rita"), PASSWORD);
        assertThat(paul.addFriendOnceKnown(asked.username()).isSuccess()).isTrue();

        for (String[] page : List.of(new String[] {"friends", "Friend list"}, new String[] {"account", "Account"},
                new String[] {"requests", "Friend requests"}, new String[] {"add-friend", "Add friend"})) {
            paul.goTo(page[0]);
            assertThat(focusedHeading(browser)).as("the focus on %s", page[0]).isEqualTo(page[1]);
        }

        browser.script("document.getElementById('skip-link').focus();");
        assertThat(browser.isVisible("#skip-link")).isTrue();
        browser.screenshot("skip-link");
        browser.find("#skip-link").sendKeys(Keys.ENTER);
        assertThat(focusedHeading(browser)).as("the focus after the skip link").isEqualTo("Add friend");

        browser.consoleErrors();
        List<String[]> refusals = List.of(
                new String[] {paul.username().toUpperCase(java.util.Locale.ROOT), "You can't add yourself as a friend!"},
                new String[] {friend.username(), "You are already friends!"},
                new String[] {asked.username(), "Friend request already sent!"},
                new String[] {"no_such_user", "Unknown username!"});
        for (String[] refusal : refusals) {
            assertThat(paul.addFriend(refusal[0]).text()).isEqualTo(refusal[1]);
            assertThat(focusedId(browser)).isEqualTo("add-friend-username");
        }
        assertThat(browser.consoleErrors()).as("console errors of refusals the page knows").isEmpty();
    }

    /**
     * Every refusal a user can expect, on every form, leaves the console clean: those the page decides itself, and
     * those only a server can decide (a wrong password, a taken or unknown username).
     */
    @Test
    void everyExpectedRefusalOfEveryFormLeavesTheConsoleClean(Browsers browsers, SharedStack stack) {
        Browser browser = browsers.open("vera");
        JavaUser walt = JavaUser.signUp(stack, Names.username("Walt"), PASSWORD);
        browser.open("#/login");
        browser.awaitPage("login");
        browser.consoleErrors();

        browser.click("#login-submit");
        assertThat(refusal(browser, "#login-errors")).isEqualTo(FILL_IN_ALL_FIELDS);
        assertRefusedInThePage(browser, "login with empty fields");
        WebUser.fillLogin(browser, walt.username(), NEW_PASSWORD);
        browser.click("#login-submit");
        assertThat(refusal(browser, "#login-errors")).isEqualTo("Invalid username or password");
        assertRefusedByTheServer(browser, "login with a wrong password");
        WebUser.fillLogin(browser, Names.username("Nobody"), PASSWORD);
        browser.click("#login-submit");
        assertThat(refusal(browser, "#login-errors")).isEqualTo("Invalid username or password");
        assertRefusedByTheServer(browser, "login of an unknown user");

        browser.open("#/signup");
        browser.awaitPage("signup");
        browser.click("#signup-submit");
        assertThat(refusal(browser, "#signup-errors")).isEqualTo(FILL_IN_ALL_FIELDS);
        WebUser.fillSignUp(browser, "ve_", "secret", "secre");
        browser.click("#signup-submit");
        assertThat(refusal(browser, "#signup-errors")).contains(USERNAME_CHARACTERS);
        assertRefusedInThePage(browser, "sign-up with broken rules");
        WebUser.fillSignUp(browser, walt.username().toLowerCase(java.util.Locale.ROOT), PASSWORD, PASSWORD);
        browser.click("#signup-submit");
        assertThat(refusal(browser, "#signup-errors")).isEqualTo("Username already exists");
        assertRefusedByTheServer(browser, "sign-up with a taken username");

        WebUser vera = WebUser.signUp(browser, Names.username("Vera"), PASSWORD);
        browser.consoleErrors();
        vera.goTo("add-friend");
        browser.click("#add-friend-submit");
        assertThat(refusal(browser, "#add-friend-result")).isEqualTo(FILL_IN_ALL_FIELDS);
        assertRefusedInThePage(browser, "add friend with an empty field");
        assertThat(vera.addFriend(Names.username("Nobody")).text()).isEqualTo("Unknown username!");
        assertRefusedByTheServer(browser, "add friend with a well-formed unknown username");

        vera.openRequests("received");
        browser.click("#approve");
        assertThat(refusal(browser, "#requests-result")).isEqualTo("Select at least one friend to approve.");
        browser.click("#reject");
        browser.awaitText("#requests-result", "asks for a tick to reject", "Select at least one friend to reject."::equals);
        vera.goTo("friends");
        browser.click("#chat-button");
        assertThat(refusal(browser, "#friends-result")).isEqualTo("Select a friend to chat with.");
        assertRefusedInThePage(browser, "requests and friend list with nothing ticked");

        vera.goTo("account");
        browser.click("#change-password-submit");
        assertThat(refusal(browser, "#change-password-result")).isEqualTo(FILL_IN_ALL_FIELDS);
        browser.type("#current-password", PASSWORD);
        browser.type("#new-password", NEW_PASSWORD);
        browser.type("#new-password-again", NEW_PASSWORD + "x");
        browser.click("#change-password-submit");
        assertThat(refusal(browser, "#change-password-result")).contains(PASSWORDS_DO_NOT_MATCH);
        browser.click("#delete-account-submit");
        assertThat(refusal(browser, "#delete-account-result")).isEqualTo(FILL_IN_ALL_FIELDS);
        assertRefusedInThePage(browser, "account forms with empty or mismatched fields");
        browser.type("#current-password", NEW_PASSWORD);
        browser.type("#new-password-again", NEW_PASSWORD);
        browser.click("#change-password-submit");
        assertThat(refusal(browser, "#change-password-result")).isEqualTo("The current password is not correct.");
        assertRefusedByTheServer(browser, "a password change with a wrong current password");
        browser.type("#delete-password", NEW_PASSWORD);
        browser.click("#delete-account-submit");
        browser.click("#delete-account-confirm");
        browser.awaitNotBusy();
        assertThat(browser.text("#delete-account-result")).isEqualTo("The current password is not correct.");
        assertRefusedByTheServer(browser, "deleting the account with a wrong password");
        assertThat(browser.currentPage()).isEqualTo("account");
    }

    /** The refusal a form shows once it is no longer busy: its error line, or its error list's lines. */
    private static String refusal(Browser browser, String css) {
        browser.awaitNotBusy();
        return browser.awaitText(css, "shows a refusal", text -> !text.isEmpty());
    }

    private static void assertRefusedInThePage(Browser browser, String what) {
        assertThat(browser.consoleErrors()).as("console errors of %s", what).isEmpty();
    }

    /**
     * A refusal only the server can decide leaves the console clean too: the web client asks the gateway for refusals
     * as 200 with their status in a header ({@code Prefer: status-in-body}), so the browser has no 4xx answer to log in
     * red, and the page itself logs nothing.
     */
    private static void assertRefusedByTheServer(Browser browser, String what) {
        assertThat(browser.consoleErrors()).as("console errors of %s", what).isEmpty();
    }

    private static void awaitFieldMessages(Browser browser, String field, List<String> messages) {
        browser.awaitTexts("#" + field + "-messages li", "are " + messages, messages::equals);
        assertThat(browser.isVisible("#" + field + "-messages")).isEqualTo(!messages.isEmpty());
    }

    private static String focusedId(Browser browser) {
        return String.valueOf(browser.script("return document.activeElement.id;"));
    }

    /** The text of the focused element when it is the page's heading; what has the focus otherwise. */
    private static String focusedHeading(Browser browser) {
        return String.valueOf(browser.script("""
                const focused = document.activeElement;
                return focused.tagName === 'H1' ? focused.textContent : 'not a heading: ' + focused.outerHTML.slice(0, 80);"""));
    }
}
