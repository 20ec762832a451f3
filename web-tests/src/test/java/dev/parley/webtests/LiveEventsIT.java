package dev.parley.webtests;

import static dev.parley.webtests.Names.PASSWORD;
import static dev.parley.webtests.WebUser.friendItem;
import static dev.parley.webtests.WebUser.requestItem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

/**
 * What one person does to a friend request or a friendship shows at once, without a reload, on every open page of
 * both people it concerns (chat-service pushes friend-service's events over the chat socket), and a session ended
 * from another browser sends every tab of it to the login page. Each live update is timed from the click that caused
 * it, and logged.
 */
@WebTest
class LiveEventsIT {

    /** How long a pushed change may take to show in another browser. */
    private static final Duration LIVE = Duration.ofSeconds(3);
    private static final String SESSION_ENDED = "Your session has ended. Please log in again.";

    @Test
    void requestsAndFriendshipsChangeOnBothSidesWithoutAReload(Browsers browsers) {
        Browser alicesBrowser = browsers.open("alice");
        Browser bobsBrowser = browsers.open("bob");
        WebUser alice = WebUser.signUp(alicesBrowser, Names.username("Alice"), PASSWORD);
        WebUser bob = WebUser.signUp(bobsBrowser, Names.username("Bob"), PASSWORD);
        String received = requestItem("#received-list", alice.username());
        String sentStatus = requestItem("#sent-list", bob.username()) + " .status";

        // Alice's second tab watches her sent requests while the first one acts.
        String alicesFirstTab = alicesBrowser.currentTab();
        String alicesSecondTab = alicesBrowser.openTab();
        alicesBrowser.open("#/requests");
        alicesBrowser.awaitPage("requests");
        alicesBrowser.click("#tab-sent");
        markPage(alicesBrowser);
        alicesBrowser.switchToTab(alicesFirstTab);
        bob.openRequests("received");
        markPage(bobsBrowser);
        assertThat(bobsBrowser.isVisible("#nav-requests-count")).as("the count of pending requests at first").isFalse();

        assertThat(alice.addFriendOnceKnown(bob.username()).isSuccess()).isTrue();
        long sent = alicesBrowser.lastClick();
        shownLive(bobsBrowser, "the request in the received tab and the count", sent,
                () -> bobsBrowser.isPresent(received) && "1".equals(bobsBrowser.text("#nav-requests-count"))
                        && "Friend requests, 1 pending".equals(accessibleName(bobsBrowser, "#nav-requests")));
        bobsBrowser.screenshot("live-request-received");
        alicesBrowser.switchToTab(alicesSecondTab);
        shownLive(alicesBrowser, "the request pending in her other tab's sent tab", sent,
                () -> "pending".equals(alicesBrowser.text(sentStatus)));
        alicesBrowser.switchToTab(alicesFirstTab);

        alice.openRequests("sent");
        alicesBrowser.click(requestItem("#sent-list", bob.username()) + " button.cancel");
        shownLive(bobsBrowser, "the cancelled request gone, and the count", alicesBrowser.lastClick(),
                () -> !bobsBrowser.isPresent(received) && !bobsBrowser.isVisible("#nav-requests-count")
                        && accessibleName(bobsBrowser, "#nav-requests") == null);

        assertThat(alice.addFriend(bob.username()).isSuccess()).isTrue();
        shownLive(bobsBrowser, "the new request", alicesBrowser.lastClick(), () -> bobsBrowser.isPresent(received));
        alice.goTo("friends");
        markPage(alicesBrowser);
        assertThat(bob.decide("approve", alice.username()).isSuccess()).isTrue();
        long approved = bobsBrowser.lastClick();
        shownLive(alicesBrowser, "the new friend on her friend list", approved,
                () -> alicesBrowser.isPresent(friendItem(bob.username())));
        alicesBrowser.screenshot("live-friend-approved");
        alicesBrowser.switchToTab(alicesSecondTab);
        shownLive(alicesBrowser, "the request approved in her other tab's sent tab", approved,
                () -> "approved".equals(alicesBrowser.text(sentStatus)));
        alicesBrowser.switchToTab(alicesFirstTab);
        shownLive(bobsBrowser, "no count left after approving", approved,
                () -> !bobsBrowser.isVisible("#nav-requests-count"));

        bob.goTo("friends");
        markPage(bobsBrowser);
        bobsBrowser.awaitText(friendItem(alice.username()) + " .name", "names the new friend",
                alice.username()::equals);
        alicesBrowser.click(friendItem(bob.username()) + " input[type=radio][name=friend]");
        alicesBrowser.click("#remove-friend-button");
        alicesBrowser.click("#remove-friend-confirm");
        shownLive(bobsBrowser, "the removed friend gone from his friend list", alicesBrowser.lastClick(),
                () -> !bobsBrowser.isPresent(friendItem(alice.username())));
        bobsBrowser.screenshot("live-friend-removed");

        assertStillTheSamePage(alicesBrowser);
        assertStillTheSamePage(bobsBrowser);
        assertThat(bobsBrowser.consoleErrors()).as("console errors of the browser that only watched").isEmpty();
    }

    @Test
    void loggingOutEverywhereSendsEveryTabOfTheOtherBrowserToTheLoginPage(Browsers browsers) {
        Browser laptop = browsers.open("laptop");
        Browser phone = browsers.open("phone");
        WebUser dave = WebUser.signUp(laptop, Names.username("Dave"), PASSWORD);
        WebUser davesPhone = WebUser.logIn(phone, dave.username(), PASSWORD);
        davesPhone.goTo("friends");
        String friendListTab = phone.currentTab();
        phone.openTab();
        phone.open("#/requests");
        phone.awaitPage("requests");

        dave.goTo("account");
        laptop.click("#logout-everywhere");
        long loggedOut = laptop.lastClick();
        laptop.awaitPage("login");
        shownLive(phone, "the login page with the notice in the tab in front", loggedOut,
                () -> "login".equals(phone.currentPage()) && SESSION_ENDED.equals(phone.text("#notice")));
        phone.screenshot("live-session-ended");
        phone.switchToTab(friendListTab);
        shownLive(phone, "the login page in the other tab", loggedOut,
                () -> "login".equals(phone.currentPage()) && phone.isVisible("#login-form")
                        && !phone.isPresent("#friend-list"));
    }

    /**
     * Waits until the change shows in this browser, logs how long after the click it took, and checks that it took
     * no longer than a live update may.
     */
    private static void shownLive(Browser browser, String what, long clickedAt, BooleanSupplier shown) {
        browser.await(what, Browser.WAIT, driver -> shown.getAsBoolean() ? true : null);
        Duration took = Duration.ofNanos(System.nanoTime() - clickedAt);
        System.out.printf("Live update: %s: %s, %d ms after the click%n", browser.name(), what, took.toMillis());
        assertThat(took).as("%s: time until %s", browser.name(), what).isLessThanOrEqualTo(LIVE);
    }

    private static String accessibleName(Browser browser, String css) {
        return browser.find(css).getAttribute("aria-label");
    }

    /** Leaves a mark in the page's window, which a reload would remove. */
    private static void markPage(Browser browser) {
        browser.script("window.liveEventsMark = true;");
    }

    private static void assertStillTheSamePage(Browser browser) {
        assertThat(browser.script("return window.liveEventsMark === true;")).as("%s's page not reloaded", browser.name())
                .isEqualTo(true);
    }
}
