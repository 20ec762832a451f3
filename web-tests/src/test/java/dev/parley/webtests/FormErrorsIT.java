package dev.parley.webtests;

import static dev.parley.client.crypto.SignUpMessages.FILL_IN_ALL_FIELDS;
import static dev.parley.client.crypto.SignUpMessages.PASSWORDS_DO_NOT_MATCH;
import static dev.parley.client.crypto.SignUpMessages.PASSWORD_DIGIT;
import static dev.parley.client.crypto.SignUpMessages.PASSWORD_EQUALS_USERNAME;
import static dev.parley.client.crypto.SignUpMessages.PASSWORD_LENGTH;
import static dev.parley.client.crypto.SignUpMessages.PASSWORD_LOWERCASE;
import static dev.parley.client.crypto.SignUpMessages.PASSWORD_REPEATS;
import static dev.parley.client.crypto.SignUpMessages.PASSWORD_SYMBOL;
import static dev.parley.client.crypto.SignUpMessages.PASSWORD_UPPERCASE;
import static dev.parley.client.crypto.SignUpMessages.USERNAME_CHARACTERS;
import static dev.parley.client.crypto.SignUpMessages.USERNAME_LENGTH;
import static dev.parley.webtests.Names.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.parley.webtests.WebUser.Result;

/** Every error message of the sign-up, login, add-friend, friend requests and friend list pages, each text as the user sees it. */
@WebTest
class FormErrorsIT {

    private static final String INVALID_LOGIN = "Invalid username or password";

    /** A sign-up form that breaks rules, and the messages it must show, in the protocol's order. */
    private record Form(String step, String username, String password, String passwordAgain, List<String> messages) {
    }

    @Test
    void signUpShowsOneMessagePerBrokenRuleAndRefusesATakenUsername(Browsers browsers, SharedStack stack) {
        String taken = Names.username("Taken");
        JavaUser.signUp(stack, taken, PASSWORD);
        Browser browser = browsers.open("visitor");
        browser.open("#/signup");
        browser.awaitPage("signup");
        browser.screenshot("signup");

        String username = Names.username("Newcomer");
        List<Form> forms = List.of(
                new Form("empty", "", "", "", List.of(FILL_IN_ALL_FIELDS)),
                new Form("username-length", "Abc1", PASSWORD, PASSWORD, List.of(USERNAME_LENGTH)),
                new Form("username-characters", "new_comer1", PASSWORD, PASSWORD, List.of(USERNAME_CHARACTERS)),
                new Form("password-length", username, "Ab1!", "Ab1!", List.of(PASSWORD_LENGTH)),
                new Form("password-lowercase", username, "ABCDEF1!", "ABCDEF1!", List.of(PASSWORD_LOWERCASE)),
                new Form("password-uppercase", username, "abcdef1!", "abcdef1!", List.of(PASSWORD_UPPERCASE)),
                new Form("password-digit", username, "Abcdefg!", "Abcdefg!", List.of(PASSWORD_DIGIT)),
                new Form("password-symbol", username, "Abcdefg1", "Abcdefg1", List.of(PASSWORD_SYMBOL)),
                new Form("password-repeats", username, "Baaaad1!", "Baaaad1!", List.of(PASSWORD_REPEATS)),
                // A username has no symbol, so a password equal to it always lacks one too.
                new Form("password-equals-username", username, swapCase(username), swapCase(username),
                        List.of(PASSWORD_SYMBOL, PASSWORD_EQUALS_USERNAME)),
                new Form("passwords-differ", username, PASSWORD, PASSWORD + "x", List.of(PASSWORDS_DO_NOT_MATCH)));
        for (Form form : forms) {
            WebUser.fillSignUp(browser, form.username(), form.password(), form.passwordAgain());
            browser.click("#signup-submit");
            browser.awaitTexts("#signup-errors li", "are " + form.messages(), form.messages()::equals);
            browser.screenshot("signup-" + form.step());
        }

        for (String existing : List.of(taken, taken.toUpperCase(Locale.ROOT))) {
            WebUser.fillSignUp(browser, existing, PASSWORD, PASSWORD);
            browser.click("#signup-submit");
            browser.awaitTexts("#signup-errors li", "say the username is taken",
                    List.of("Username already exists")::equals);
            assertThat(browser.currentPage()).isEqualTo("signup");
        }
        browser.screenshot("signup-taken");
    }

    @Test
    void loginGivesTheSameMessageForAWrongPasswordAndAnUnknownUser(Browsers browsers, SharedStack stack) {
        String username = Names.username("Carol");
        JavaUser.signUp(stack, username, PASSWORD);
        Browser browser = browsers.open("carol");
        browser.open("");
        browser.awaitPage("login");
        browser.screenshot("login");

        browser.click("#login-submit");
        browser.awaitTexts("#login-errors li", "ask for every field", List.of(FILL_IN_ALL_FIELDS)::equals);
        browser.screenshot("login-empty");

        WebUser.fillLogin(browser, username, PASSWORD + "x");
        browser.click("#login-submit");
        browser.awaitTexts("#login-errors li", "refuse the wrong password", List.of(INVALID_LOGIN)::equals);
        browser.screenshot("login-wrong-password");

        WebUser.fillLogin(browser, Names.username("Nobody"), PASSWORD);
        browser.click("#login-submit");
        browser.awaitNotBusy();
        browser.awaitTexts("#login-errors li", "refuse the unknown user", List.of(INVALID_LOGIN)::equals);
        browser.screenshot("login-unknown-user");

        browser.click("#to-signup");
        browser.awaitPage("signup");
        browser.click("#to-login");
        browser.awaitPage("login");
        WebUser.logIn(browser, username, PASSWORD);
    }

    @Test
    void friendPagesExplainWhatCannotBeDone(Browsers browsers, SharedStack stack) {
        JavaUser stranger = JavaUser.signUp(stack, Names.username("Stranger"), PASSWORD);
        JavaUser friend = JavaUser.signUp(stack, Names.username("Friend"), PASSWORD);
        Browser browser = browsers.open("dave");
        WebUser dave = WebUser.signUp(browser, Names.username("Dave"), PASSWORD);

        assertThat(dave.addFriendOnceKnown(friend.username()).isSuccess()).isTrue();
        friend.approve(dave.username());

        assertThat(dave.addFriend(Names.username("Nobody"))).isEqualTo(new Result("error", "Unknown username!"));
        browser.screenshot("add-friend-unknown");
        assertThat(dave.addFriend(dave.username()))
                .isEqualTo(new Result("error", "You can't add yourself as a friend!"));
        browser.screenshot("add-friend-yourself");
        assertThat(dave.addFriendOnceKnown(stranger.username()))
                .isEqualTo(new Result("success", "Friend request sent to " + stranger.username() + "."));
        assertThat(dave.addFriend(stranger.username())).isEqualTo(new Result("error", "Friend request already sent!"));
        browser.screenshot("add-friend-already-sent");
        assertThat(dave.addFriend(friend.username())).isEqualTo(new Result("error", "You are already friends!"));
        browser.screenshot("add-friend-already-friends");

        dave.openRequests("received");
        browser.click("#approve");
        browser.awaitText("#requests-result", "asks to select", "Select at least one friend to approve."::equals);
        assertThat(browser.find("#requests-result").getAttribute("class")).contains("error");
        browser.screenshot("requests-nothing-to-approve");
        browser.click("#reject");
        browser.awaitText("#requests-result", "asks to select", "Select at least one friend to reject."::equals);
        dave.openRequests("sent");
        assertThat(dave.sentRequestStatus(stranger.username())).isEqualTo("pending");
        assertThat(dave.sentRequestStatus(friend.username())).isEqualTo("approved");
        browser.screenshot("requests-sent");

        dave.goTo("friends");
        browser.find(WebUser.friendItem(friend.username()));
        browser.click("#chat-button");
        browser.awaitText("#friends-result", "asks to select", "Select a friend to chat with."::equals);
        assertThat(browser.find("#friends-result").getAttribute("class")).contains("error");
        browser.screenshot("friend-list-nothing-selected");
    }

    /** The same letters with their case swapped: equal to the original for the rule, case-insensitively. */
    private static String swapCase(String text) {
        StringBuilder swapped = new StringBuilder();
        for (char c : text.toCharArray()) {
            swapped.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return swapped.toString();
    }
}
