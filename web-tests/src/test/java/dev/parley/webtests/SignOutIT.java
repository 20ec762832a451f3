package dev.parley.webtests;

import static dev.parley.webtests.Names.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every way a session ends, from every page, leaves the login form on screen and nothing of the page before it: no
 * page keeps running (the friend list's timers, its socket listeners) and the console shows no error.
 */
@WebTest
class SignOutIT {

    /** The pages reachable from the navigation bar; the chat room is reached through the friend list. */
    private static final List<String> NAV_PAGES = List.of("home", "add-friend", "requests", "friends", "account");

    @Test
    void loggingOutFromEveryPageShowsTheLoginFormWithoutConsoleErrors(Browsers browsers, SharedStack stack) {
        Browser browser = browsers.open("ivan");
        WebUser ivan = WebUser.signUp(browser, Names.username("Ivan"), PASSWORD);
        // A first visit asks the server for no session it cannot have: no red 401 before the sign-up.
        assertThat(browser.consoleErrors()).as("console errors of a first visit and a sign-up").isEmpty();
        JavaUser friend = JavaUser.signUp(stack, Names.username("Judy"), PASSWORD);
        friend.sendFriendRequest(ivan.username());
        assertThat(ivan.decide("approve", friend.username()).isSuccess()).isTrue();

        for (String page : NAV_PAGES) {
            ivan.goTo(page);
            assertLogOutShowsLogin(ivan, page);
            ivan = WebUser.logIn(browser, ivan.username(), PASSWORD);
        }
        ivan.openChat(friend.username());
        // Opening the room may have been refused (403) while chat-service had not learnt the friendship yet.
        browser.consoleErrors();
        assertLogOutShowsLogin(ivan, "chat");
        ivan = WebUser.logIn(browser, ivan.username(), PASSWORD);
        ivan.createGroup("Sign-out club", friend.username());
        ivan.send("Logging out from here next.");
        assertLogOutShowsLogin(ivan, "group");

        // The friend list has timers (presence asked again within a second while a friend is missing from it, "last
        // seen" redrawn): nothing of it may run on after a logout.
        ivan = WebUser.logIn(browser, ivan.username(), PASSWORD);
        ivan.goTo("friends");
        assertLogOutShowsLogin(ivan, "friends-again");
        WebUser.pause(Duration.ofSeconds(5));
        assertThat(browser.currentPage()).isEqualTo("login");
        assertThat(browser.isVisible("#login-form")).isTrue();
        assertThat(browser.consoleErrors()).as("console errors in the 5 s after leaving the friend list").isEmpty();
    }

    @Test
    void aSessionEndedInAnotherTabOrOnAnotherDeviceShowsTheLoginFormOnTheFriendList(Browsers browsers,
            SharedStack stack) {
        Browser browser = browsers.open("karl");
        WebUser karl = WebUser.signUp(browser, Names.username("Karl"), PASSWORD);
        karl.goTo("friends");
        String friendListTab = browser.currentTab();

        // Another tab of the same browser restores the session from the refresh cookie, then logs out there.
        browser.openTab();
        browser.open("#/home");
        browser.awaitPage("home");
        browser.click("#nav-logout");
        browser.awaitPage("login");
        browser.switchToTab(friendListTab);
        assertLoginShown(browser, "after a logout in another tab");
        browser.screenshot("logged-out-in-another-tab");
        assertThat(browser.consoleErrors()).as("console errors after a logout in another tab").isEmpty();

        // Another device logs out everywhere: the socket is closed (4001), the refresh that confirms it is refused.
        karl = WebUser.logIn(browser, karl.username(), PASSWORD);
        karl.goTo("friends");
        browser.consoleErrors();
        JavaUser.logIn(stack, karl.username(), PASSWORD).logOutEverywhere();
        assertLoginShown(browser, "after a logout everywhere on another device");
        browser.awaitText("#notice", "says the session ended",
                "Your session has ended. Please log in again."::equals);
        browser.screenshot("session-ended-elsewhere");
        // The page learns that its session was revoked from the refused refresh, whose 401 the browser logs in red
        // (nothing a page can do about that); anything else would be a fault of the page.
        assertThat(browser.consoleErrors()).as("console errors after a logout everywhere on another device")
                .allMatch(line -> line.contains("/api/auth/session/refresh") && line.contains("401"));
    }

    private static void assertLogOutShowsLogin(WebUser user, String from) {
        Browser browser = user.browser();
        assertThat(browser.consoleErrors()).as("console errors on %s before logging out", from).isEmpty();
        browser.click("#nav-logout");
        assertLoginShown(browser, "after logging out from " + from);
        browser.screenshot("logged-out-from-" + from);
        assertThat(browser.consoleErrors()).as("console errors after logging out from %s", from).isEmpty();
    }

    /** The login form, alone: no navigation bar and nothing left of the page before. */
    private static void assertLoginShown(Browser browser, String when) {
        browser.awaitPage("login");
        browser.await("the login form shown " + when, Browser.WAIT,
                driver -> browser.isVisible("#login-form") ? true : null, () -> browser.text("#app"));
        assertThat(browser.findAll("#app > *")).as("what the page shows %s", when).hasSize(1);
        assertThat(browser.isVisible("#nav")).as("the navigation bar %s", when).isFalse();
        assertThat(browser.isPresent("#friend-list")).as("the friend list %s", when).isFalse();
    }
}
