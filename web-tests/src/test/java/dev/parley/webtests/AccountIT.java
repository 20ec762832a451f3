package dev.parley.webtests;

import static dev.parley.webtests.Names.NEW_PASSWORD;
import static dev.parley.webtests.Names.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.client.api.ApiException;

/** The account page: change password, log out everywhere, delete the account. */
@WebTest
class AccountIT {

    private static final String INVALID_LOGIN = "Invalid username or password";

    @Test
    void afterAPasswordChangeOnlyTheNewPasswordLogsInAndOtherSessionsHaveEnded(Browsers browsers, SharedStack stack) {
        Browser browser = browsers.open("erin");
        WebUser erin = WebUser.signUp(browser, Names.username("Erin"), PASSWORD);
        JavaUser otherDevice = JavaUser.logIn(stack, erin.username(), PASSWORD);
        erin.goTo("account");
        browser.screenshot("account");

        WebUser.Result changed = erin.changePassword(PASSWORD, NEW_PASSWORD, NEW_PASSWORD);
        browser.screenshot("account-password-changed");
        assertThat(changed.isSuccess()).as(changed.text()).isTrue();
        assertThatThrownBy(otherDevice::refresh).as("the other session's refresh token")
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));

        erin.logOut();
        WebUser.fillLogin(browser, erin.username(), PASSWORD);
        browser.click("#login-submit");
        browser.awaitTexts("#login-errors li", "refuse the old password", List.of(INVALID_LOGIN)::equals);
        browser.screenshot("login-old-password");
        WebUser.logIn(browser, erin.username(), NEW_PASSWORD);

        // The vault was re-sealed under the new password in the browser; the Java client opens it too.
        JavaUser reopened = JavaUser.logIn(stack, erin.username(), NEW_PASSWORD);
        assertThat(reopened.session().vault().identity().publicKey().toBase64Url())
                .isEqualTo(otherDevice.session().vault().identity().publicKey().toBase64Url());
    }

    @Test
    void loggingOutEverywhereEndsTheSessionsOfEveryBrowser(Browsers browsers) {
        Browser laptop = browsers.open("laptop");
        Browser phone = browsers.open("phone");
        WebUser frank = WebUser.signUp(laptop, Names.username("Frank"), PASSWORD);
        WebUser frankOnPhone = WebUser.logIn(phone, frank.username(), PASSWORD);
        phone.reload();
        phone.awaitPage("home");

        frank.goTo("account");
        laptop.click("#logout-everywhere");
        laptop.awaitPage("login");
        laptop.screenshot("logged-out-everywhere");
        laptop.reload();
        laptop.awaitPage("login");

        // The phone's refresh cookie was revoked too: reloading there no longer restores the session.
        frankOnPhone.browser().reload();
        phone.awaitPage("login");
        phone.screenshot("login-after-logout-everywhere");
    }

    @Test
    void aDeletedAccountCannotLogInAndLeavesItsFriendsLists(Browsers browsers, SharedStack stack) {
        JavaUser friend = JavaUser.signUp(stack, Names.username("Grace"), PASSWORD);
        Browser browser = browsers.open("heidi");
        WebUser heidi = WebUser.signUp(browser, Names.username("Heidi"), PASSWORD);
        assertThat(heidi.addFriendOnceKnown(friend.username()).isSuccess()).isTrue();
        friend.approve(heidi.username());
        assertThat(friend.friends()).contains(heidi.username());

        heidi.goTo("account");
        browser.type("#delete-password", PASSWORD);
        browser.click("#delete-account-submit");
        browser.find("#delete-account-confirm");
        browser.screenshot("account-delete-confirm");
        browser.click("#delete-account-confirm");
        browser.awaitPage("login");
        browser.screenshot("account-deleted");

        WebUser.fillLogin(browser, heidi.username(), PASSWORD);
        browser.click("#login-submit");
        browser.awaitTexts("#login-errors li", "refuse the deleted account", List.of(INVALID_LOGIN)::equals);

        long deadline = System.nanoTime() + JavaUser.PROJECTION_LAG.toNanos();
        while (friend.friends().contains(heidi.username()) && System.nanoTime() < deadline) {
            WebUser.pause(Duration.ofMillis(500));
        }
        assertThat(friend.friends()).as("the friend's list after the deletion").doesNotContain(heidi.username());
    }
}
