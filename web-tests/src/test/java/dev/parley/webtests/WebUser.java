package dev.parley.webtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.openqa.selenium.TimeoutException;

/**
 * A person using the web client in one browser, through the UI contract only (element ids, classes and data
 * attributes; a page is ready when {@code body[data-page]} names it and it is not busy).
 */
final class WebUser {

    /** What friend-service says while a just-created account has not reached it yet (the users topic lags). */
    private static final List<String> NOT_KNOWN_YET = List.of("Try again in a moment", "Unknown username!");
    private static final Duration PROJECTION_LAG = Duration.ofSeconds(30);
    private static final Pattern SAFETY_NUMBER = Pattern.compile("\\d{5}( \\d{5}){5}");

    /** A result line under a form: its class ({@code error} or {@code success}) and its text. */
    record Result(String kind, String text) {
        boolean isSuccess() {
            return kind.equals("success");
        }
    }

    /** A line of the chat room as shown; a message the friend has read ({@code read}) was delivered too. */
    record Message(String id, List<String> classes, String text, boolean delivered, boolean read) {
        boolean is(String... kinds) {
            return classes.containsAll(List.of(kinds));
        }
    }

    private final Browser browser;
    private final String username;
    private String password;

    private WebUser(Browser browser, String username, String password) {
        this.browser = browser;
        this.username = username;
        this.password = password;
    }

    /** Signs up through the form; the web client then logs in and shows the home page. */
    static WebUser signUp(Browser browser, String username, String password) {
        browser.open("#/signup");
        browser.awaitPage("signup");
        fillSignUp(browser, username, password, password);
        browser.click("#signup-submit");
        WebUser user = new WebUser(browser, username, password);
        user.awaitHome("#signup-errors li");
        return user;
    }

    static WebUser logIn(Browser browser, String username, String password) {
        browser.open("#/login");
        browser.awaitPage("login");
        fillLogin(browser, username, password);
        browser.click("#login-submit");
        WebUser user = new WebUser(browser, username, password);
        user.awaitHome("#login-errors li");
        return user;
    }

    static void fillSignUp(Browser browser, String username, String password, String passwordAgain) {
        browser.type("#signup-username", username);
        browser.type("#signup-password", password);
        browser.type("#signup-password-again", passwordAgain);
    }

    static void fillLogin(Browser browser, String username, String password) {
        browser.type("#login-username", username);
        browser.type("#login-password", password);
    }

    Browser browser() {
        return browser;
    }

    String username() {
        return username;
    }

    String password() {
        return password;
    }

    /** Waits for the home page; fails at once with the form's errors when the form shows some instead. */
    private void awaitHome(String errors) {
        List<String> shown = browser.await("page 'home' ready, or errors " + errors, Browser.WAIT, driver -> {
            List<String> texts = browser.texts(errors).stream().filter(text -> !text.isEmpty()).toList();
            if (!texts.isEmpty() && !"true".equals(browser.script("return document.body.dataset.busy;"))) {
                return texts;
            }
            return "home".equals(browser.currentPage()) ? List.<String>of() : null;
        });
        assertThat(shown).as("the errors %s shows instead of logging %s in", browser.currentPage(), username).isEmpty();
        browser.awaitPage("home");
        assertThat(browser.text("#nav-username")).as("the logged-in username in the navigation bar").isEqualTo(username);
    }

    /** Goes to a page through the navigation bar (home, add-friend, friends, requests, account), freshly loaded. */
    void goTo(String page) {
        if (page.equals(browser.currentPage()) && !page.equals("home")) {
            goTo("home");
        }
        browser.click("#nav-" + page);
        browser.awaitPage(page);
    }

    void logOut() {
        browser.click("#nav-logout");
        browser.awaitPage("login");
    }

    // ---- friends ----

    /** Sends a friend request from the add-friend page and returns what the page answers. */
    Result addFriend(String friend) {
        goTo("add-friend");
        browser.type("#add-friend-username", friend);
        browser.click("#add-friend-submit");
        return awaitResult("#add-friend-result");
    }

    /** As {@link #addFriend}, trying again while friend-service does not know a just-created account yet. */
    Result addFriendOnceKnown(String friend) {
        long deadline = System.nanoTime() + PROJECTION_LAG.toNanos();
        Result result = addFriend(friend);
        while (!result.isSuccess() && NOT_KNOWN_YET.stream().anyMatch(result.text()::contains)
                && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(500));
            result = addFriend(friend);
        }
        return result;
    }

    /** Opens the requests page on a tab: {@code sent} or {@code received}. */
    void openRequests(String tab) {
        goTo("requests");
        browser.click("#tab-" + tab);
    }

    String sentRequestStatus(String friend) {
        return browser.awaitText(requestItem("#sent-list", friend) + " .status", "shows a status",
                text -> !text.isEmpty());
    }

    List<String> receivedRequests() {
        return browser.findAll("#received-list li.request").stream()
                .map(item -> item.getAttribute("data-username"))
                .toList();
    }

    /** Ticks the received requests of these people and presses a button: {@code approve} or {@code reject}. */
    Result decide(String button, String... friends) {
        openRequests("received");
        for (String friend : friends) {
            String box = requestItem("#received-list", friend) + " input[type=checkbox]";
            if (!browser.find(box).isSelected()) {
                browser.click(box);
            }
        }
        browser.click("#" + button);
        return awaitResult("#requests-result");
    }

    /** The presence text of a friend on the friend list, once it is the one expected (updated live). */
    String awaitPresence(String friend, String presence, Duration timeout) {
        return browser.awaitText(friendItem(friend) + " .presence", "is " + presence, presence::equals, timeout);
    }

    /**
     * Waits until a friend shows as Online, opening the friend list afresh every few seconds: a friend approved a
     * moment ago may be missing from presence-service's answer until its friendship projection catches up (Kafka),
     * and an Online friend causes no later presence change. Live updates are checked with transitions instead.
     */
    void awaitFriendOnline(String friend, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            goTo("friends");
            try {
                awaitPresence(friend, "Online", Duration.ofSeconds(3));
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                System.out.println(username + ": " + friend + " not Online yet on the friend list; opening it again");
            }
        }
    }

    String lastSeen(String friend) {
        return browser.text(friendItem(friend) + " .last-seen");
    }

    String friendUserId(String friend) {
        return browser.find(friendItem(friend)).getAttribute("data-user-id");
    }

    /**
     * Ticks a friend on the friend list, presses Chat and waits for the room to open; tries again for a while when
     * chat-service does not know the friendship yet (it learns it from Kafka, a moment after friend-service).
     */
    void openChat(String friend) {
        long deadline = System.nanoTime() + PROJECTION_LAG.toNanos();
        while (true) {
            goTo("friends");
            browser.click(friendItem(friend) + " input[type=radio][name=friend]");
            browser.click("#chat-button");
            browser.awaitPage("chat");
            if (browser.text("#chat-join").equals("You are now chatting with " + friend)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                assertThat(browser.text("#chat-join")).as("the chat room's join line").isEqualTo(
                        "You are now chatting with " + friend);
            }
            pause(Duration.ofSeconds(1));
        }
    }

    // ---- chat ----

    /** Sends a message and waits until the server has stored it (it has an id); returns its line. */
    Message send(String text) {
        browser.type("#message-input", text);
        browser.click("#send-button");
        return awaitMessage("my message '" + text + "' stored",
                message -> message.is("mine") && text.equals(message.text()) && !message.id().isEmpty()
                        && !message.is("pending"));
    }

    List<Message> messages() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) browser.script("""
                return [...document.querySelectorAll('#messages li.message')].map((li) => ({
                  id: li.dataset.messageId || '',
                  classes: [...li.classList],
                  text: (li.querySelector('.message-text')?.textContent || '').trim(),
                  delivered: !!li.querySelector('.delivered, .read'),
                  read: !!li.querySelector('.read'),
                }));""");
        return lines.stream().map(line -> new Message((String) line.get("id"), castList(line.get("classes")),
                (String) line.get("text"), Boolean.TRUE.equals(line.get("delivered")),
                Boolean.TRUE.equals(line.get("read")))).toList();
    }

    Message awaitMessage(String what, Predicate<Message> condition) {
        return awaitMessage(what, condition, Browser.WAIT);
    }

    Message awaitMessage(String what, Predicate<Message> condition, Duration timeout) {
        return browser.await(what, timeout, driver -> messages().stream().filter(condition).findFirst().orElse(null),
                () -> messages().toString());
    }

    /** Shows the safety number and returns it, after checking its form: 30 digits in 6 groups. */
    String safetyNumber() {
        if (!browser.isVisible("#safety-number")) {
            browser.click("#show-safety-number");
        }
        return browser.awaitText("#safety-number", "shows 30 digits in 6 groups",
                text -> SAFETY_NUMBER.matcher(text).matches());
    }

    // ---- account ----

    /** Ticks or clears a chat setting on the account page ({@code typing-indicators}, {@code read-receipts}). */
    Result setChatSetting(String setting, boolean on) {
        goTo("account");
        String box = "#" + setting;
        browser.await(setting + " loaded", Browser.WAIT, driver -> browser.find(box).isEnabled() ? true : null);
        if (browser.find(box).isSelected() != on) {
            browser.click(box);
            return awaitResult("#chat-settings-result");
        }
        return new Result("success", "unchanged");
    }

    Result changePassword(String current, String next, String nextAgain) {
        goTo("account");
        browser.type("#current-password", current);
        browser.type("#new-password", next);
        browser.type("#new-password-again", nextAgain);
        browser.click("#change-password-submit");
        Result result = awaitResult("#change-password-result");
        if (result.isSuccess()) {
            password = next;
        }
        return result;
    }

    private Result awaitResult(String css) {
        String text = browser.awaitText(css, "shows an answer", value -> !value.isEmpty());
        browser.awaitNotBusy();
        String classes = browser.find(css).getAttribute("class");
        String kind = classes.contains("success") ? "success" : classes.contains("error") ? "error" : classes;
        return new Result(kind, browser.text(css).isEmpty() ? text : browser.text(css));
    }

    static String requestItem(String list, String username) {
        return list + " li.request[data-username=\"" + username + "\"]";
    }

    static String friendItem(String username) {
        return "#friend-list li.friend[data-username=\"" + username + "\"]";
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return (List<String>) value;
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
