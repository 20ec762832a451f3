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

    /**
     * A line of a chat or group room as shown; a message the friend has read ({@code read}) was delivered too.
     * {@code sender} is the name the line shows ("You" for the user's own lines in a group), {@code receipts} what
     * a group message of the user's own says of them ("Delivered to 2 of 2 Read by 1 of 2").
     */
    record Message(String id, List<String> classes, String sender, String text, String receipts, boolean delivered,
            boolean read) {
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
                  sender: (li.querySelector('.sender')?.textContent || '').trim(),
                  text: (li.querySelector('.message-text')?.textContent || '').trim(),
                  receipts: [...li.querySelectorAll('.receipts > span')].map((span) => span.textContent).join(' '),
                  delivered: !!li.querySelector('.delivered, .read'),
                  read: !!li.querySelector('.read'),
                }));""");
        return lines.stream().map(line -> new Message((String) line.get("id"), castList(line.get("classes")),
                (String) line.get("sender"), (String) line.get("text"), (String) line.get("receipts"),
                Boolean.TRUE.equals(line.get("delivered")),
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

    // ---- groups ----

    /**
     * Creates a group from the friend list's "New group" dialog and waits for its room; tries again for a while when
     * chat-service does not know one of the friendships yet (it learns them from Kafka).
     */
    void createGroup(String name, String... friends) {
        long deadline = System.nanoTime() + PROJECTION_LAG.toNanos();
        while (true) {
            List<String> refusals = submitNewGroup(name, friends);
            if (refusals.isEmpty()) {
                awaitGroupRoom(name);
                return;
            }
            if (!refusals.toString().contains("no longer your friend") || System.nanoTime() > deadline) {
                assertThat(refusals).as("the New group dialog's refusals").isEmpty();
            }
            browser.click("#new-group-cancel");
            pause(Duration.ofSeconds(1));
        }
    }

    /** Opens the New group dialog on the friend list, fills it in and submits it. */
    void fillNewGroup(String name, String... friends) {
        goTo("friends");
        browser.click("#new-group-button");
        browser.await("the New group dialog with the friends", Browser.WAIT,
                driver -> browser.isVisible("#new-group-dialog") && (friends.length == 0
                        || browser.isPresent(newGroupFriend(friends[0]))) ? true : null);
        browser.type("#new-group-name", name);
        for (String friend : friends) {
            browser.click(newGroupFriend(friend));
        }
    }

    /** Submits the New group dialog filled in; returns its refusals, empty once the new group's room opened. */
    List<String> submitNewGroup(String name, String... friends) {
        fillNewGroup(name, friends);
        browser.click("#new-group-submit");
        return awaitNewGroupAnswer();
    }

    /** What the New group dialog answers: its refusals, or nothing when the group's room opened. */
    List<String> awaitNewGroupAnswer() {
        return browser.await("the group's room, or the New group dialog's refusals", Browser.WAIT, driver -> {
            if ("group".equals(browser.currentPage())) {
                return List.<String>of();
            }
            List<String> refusals = browser.texts("#new-group-result, #new-group-name-messages li, "
                    + "#new-group-members-messages li").stream().filter(text -> !text.isEmpty()).toList();
            return refusals.isEmpty() || "true".equals(browser.script("return document.body.dataset.busy;"))
                    ? null : refusals;
        });
    }

    static String newGroupFriend(String friend) {
        return "#new-group-friends li[data-username=\"" + friend + "\"] input[type=checkbox]";
    }

    /** Opens a group's room from the friend list's groups. */
    void openGroup(String name) {
        goTo("friends");
        browser.click("#group-list li.group-item[data-name=\"" + name + "\"] a");
        awaitGroupRoom(name);
    }

    void awaitGroupRoom(String name) {
        browser.awaitPage("group");
        browser.awaitText("#group-name", "is " + name, name::equals);
    }

    /** The membership lines of the group room's timeline, oldest first. */
    List<String> groupLines() {
        return browser.texts("#messages li.change .change-text");
    }

    String awaitGroupLine(String line) {
        return browser.await("the membership line '" + line + "'", Browser.WAIT,
                driver -> groupLines().contains(line) ? line : null, () -> groupLines().toString());
    }

    /** The members the group room lists, by username (the members panel need not be open). */
    List<String> groupMembers() {
        return findAttributes("#member-list li.member", "data-username");
    }

    /** A member's user id, from the group room's member list. */
    String groupMemberId(String username) {
        return browser.find("#member-list li.member[data-username=\"" + username + "\"]").getAttribute("data-user-id");
    }

    /** Opens the members panel of the group room (unless it is open). */
    void showMembers() {
        if (!browser.isVisible("#members-panel")) {
            browser.click("#show-members");
        }
    }

    /** Writes a group's membership result line after an action in the members panel. */
    Result awaitGroupResult() {
        return awaitResult("#group-result");
    }

    private List<String> findAttributes(String css, String attribute) {
        return browser.findAll(css).stream().map(element -> element.getAttribute(attribute)).toList();
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
