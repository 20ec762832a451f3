package dev.parley.webtests;

import static dev.parley.webtests.Names.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.parley.stack.Service;

/**
 * A server that hands out fewer PBKDF2 iterations than 600,000 would learn an authKey that makes the password cheap to
 * guess: the page refuses before deriving anything, on every path that derives keys from the password (PROTOCOL.md
 * §2, 1.1). The count is lowered in auth-service's database, as a malicious server would.
 */
@WebTest
class KdfFloorIT {

    private static final String WEAK_KDF = "weaker password hashing";
    private static final int TOO_FEW = 1_000;

    @Test
    void loginRefusesACountBelowTheFloor(Browsers browsers, SharedStack stack) throws Exception {
        Browser browser = browsers.open("bob");
        WebUser bob = WebUser.signUp(browser, Names.username("Bob"), PASSWORD);
        bob.logOut();
        new AuthDatabase(stack.database(Service.AUTH)).setKdfIterations(bob.username(), TOO_FEW);

        WebUser.fillLogin(browser, bob.username(), PASSWORD);
        browser.click("#login-submit");

        browser.awaitText("#login-errors", "the weak count refused", text -> text.contains(WEAK_KDF));
        assertThat(browser.currentPage()).isEqualTo("login");
        browser.screenshot("weak-kdf-login");
    }

    @Test
    void aPasswordChangeRefusesACountBelowTheFloor(Browsers browsers, SharedStack stack) throws Exception {
        Browser browser = browsers.open("bob");
        WebUser bob = WebUser.signUp(browser, Names.username("Bob"), PASSWORD);
        AuthDatabase accounts = new AuthDatabase(stack.database(Service.AUTH));
        long versionBefore = accounts.vault(bob.username()).version();
        accounts.setKdfIterations(bob.username(), TOO_FEW);

        WebUser.Result result = bob.changePassword(PASSWORD, "Battery8?Staple", "Battery8?Staple");

        assertThat(result.isSuccess()).isFalse();
        assertThat(result.text()).contains(WEAK_KDF);
        assertThat(accounts.vault(bob.username()).version()).as("nothing changed on the server").isEqualTo(versionBefore);
        browser.screenshot("weak-kdf-change-password");
    }

    @Test
    void anAccountDeletionRefusesACountBelowTheFloor(Browsers browsers, SharedStack stack) throws Exception {
        Browser browser = browsers.open("bob");
        WebUser bob = WebUser.signUp(browser, Names.username("Bob"), PASSWORD);
        AuthDatabase accounts = new AuthDatabase(stack.database(Service.AUTH));
        accounts.setKdfIterations(bob.username(), TOO_FEW);

        bob.goTo("account");
        browser.type("#delete-password", PASSWORD);
        browser.click("#delete-account-submit");
        browser.find("#delete-account-confirm");
        browser.click("#delete-account-confirm");

        browser.awaitText("#delete-account-result", "the weak count refused", text -> text.contains(WEAK_KDF));
        assertThat(accounts.vault(bob.username()).version()).as("the account still exists").isPositive();
        browser.screenshot("weak-kdf-delete-account");
    }

    @Test
    void thePasswordAskedForAfterAReloadRefusesACountBelowTheFloor(Browsers browsers, SharedStack stack)
            throws Exception {
        JavaUser alice = JavaUser.signUp(stack, Names.username("Alice"), PASSWORD);
        Browser browser = browsers.open("bob");
        WebUser bob = WebUser.signUp(browser, Names.username("Bob"), PASSWORD);
        alice.sendFriendRequest(bob.username());
        assertThat(bob.decide("approve", alice.username()).isSuccess()).isTrue();
        AuthDatabase accounts = new AuthDatabase(stack.database(Service.AUTH));
        long versionBefore = accounts.vault(bob.username()).version();
        accounts.setKdfIterations(bob.username(), TOO_FEW);

        // After a reload the page holds no authKey: pinning Alice's key (first chat) asks for the password.
        String page = browser.currentPage();
        browser.reload();
        browser.awaitPage(page);
        bob.openChat(alice.username());
        browser.await("the password asked for", Browser.WAIT, driver -> browser.isVisible("#password-prompt"));
        browser.type("#vault-password", PASSWORD);
        browser.click("#vault-password-submit");

        browser.awaitText("#vault-password-result", "the weak count refused", text -> text.contains(WEAK_KDF));
        assertThat(accounts.vault(bob.username()).version()).as("no vault uploaded").isEqualTo(versionBefore);
        browser.screenshot("weak-kdf-password-prompt");
    }
}
