package dev.parley.webtests;

import static dev.parley.webtests.Names.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.stack.Service;
import dev.parley.webtests.WebUser.Message;
import dev.parley.webtests.WebUser.Result;

/**
 * Groups in the web client, three people in three browsers: a group is created from the friend list, all three chat
 * in it (who sent each line, "Delivered to n of 2", "Read by n of 2", typing), it is renamed, the creator removes one
 * member, whose room shows the removal, turns read-only and receives nothing sent after it, and another member leaves.
 * The group room and the New group dialog pass axe-core. A second test goes through the New group dialog's refusals.
 */
@WebTest
class GroupsIT {

    private static final Duration LIVE = Duration.ofSeconds(20);
    /** How long a removed member's room is watched for a message it must never show. */
    private static final Duration NOTHING_ARRIVES = Duration.ofSeconds(3);
    /** How late Bob's page hears of a membership change, to make his next send meet a newer epoch. */
    private static final Duration CHANGES_HEARD_LATE = Duration.ofSeconds(8);
    /** Carol's public key from the test vectors: a valid X25519 key that is nobody's in this stack. */
    private static final String SOMEONE_ELSES_KEY = "L857npRGO_uj78_j8lXP9EwDNYzS6MaUwnhc6i2MsB4";

    @Test
    void threeFriendsChatInAGroupUntilOneIsRemovedAndAnotherLeaves(Browsers browsers) {
        WebUser alice = WebUser.signUp(browsers.open("alice"), Names.username("Alice"), PASSWORD);
        WebUser bob = WebUser.signUp(browsers.open("bob"), Names.username("Bob"), PASSWORD);
        WebUser carol = WebUser.signUp(browsers.open("carol"), Names.username("Carol"), PASSWORD);
        befriend(alice, bob);
        befriend(alice, carol);

        String name = "Climbing club";
        bob.goTo("home");
        alice.createGroup(name, bob.username(), carol.username());
        bob.browser().awaitText("#notice", "tells Bob he was added",
                (alice.username() + " added you to " + name + ".")::equals, LIVE);
        assertThat(alice.groupMembers()).containsExactly(alice.username(), bob.username(), carol.username());
        alice.awaitGroupLine(alice.username() + " created the group");
        assertThat(alice.browser().text("#group-summary")).isEqualTo("3 members");
        alice.browser().screenshot("group-created");

        bob.openGroup(name);
        carol.openGroup(name);
        bob.awaitGroupLine(alice.username() + " created the group");

        String hello = "Hello both! Saturday at 10?";
        Message helloSent = alice.send(hello);
        for (WebUser member : List.of(bob, carol)) {
            Message received = member.awaitMessage("Alice's message, live", message -> message.is("live", "theirs")
                    && hello.equals(message.text()), LIVE);
            assertThat(received.sender()).as("who sent it").isEqualTo(alice.username());
        }
        alice.awaitMessage("Alice's message delivered to both, read by both", message -> message.id()
                .equals(helloSent.id()) && message.receipts().equals("Delivered to 2 of 2 Read by 2 of 2"), LIVE);

        carol.browser().type("#message-input", "Sounds");
        alice.browser().awaitText("#typing-indicator", "says Carol is typing",
                (carol.username() + " is typing…")::equals, LIVE);
        carol.browser().click("#send-button");
        bob.send("Count me in.");
        alice.awaitMessage("Bob's reply", message -> message.is("theirs") && message.text().equals("Count me in.")
                && message.sender().equals(bob.username()), LIVE);
        alice.awaitMessage("Carol's reply", message -> message.is("theirs") && message.text().equals("Sounds")
                && message.sender().equals(carol.username()), LIVE);
        alice.browser().readmeScreenshot("group-room");
        Axe.check(alice.browser(), "group-room");

        alice.showMembers();
        Axe.check(alice.browser(), "group-room-members");
        alice.browser().type("#rename-input", "Saturday climbers");
        alice.browser().click("#rename-submit");
        assertThat(alice.awaitGroupResult().isSuccess()).isTrue();
        String renamed = alice.username() + " renamed the group to “Saturday climbers”";
        for (WebUser member : List.of(alice, bob, carol)) {
            member.awaitGroupLine(renamed);
            member.browser().awaitText("#group-name", "shows the new name", "Saturday climbers"::equals);
        }

        assertThat(bob.browser().isPresent("#member-list .remove-member")).as("a member who did not create it removes")
                .isFalse();
        // Bob's page hears of the next changes late, so that his next message is sealed for a membership that is no
        // longer the group's: the server refuses it (stale_epoch) and the page seals it again for the new one.
        bob.browser().delayIncomingFrames("group-changed", CHANGES_HEARD_LATE);
        bob.browser().reload();
        bob.awaitGroupRoom("Saturday climbers");
        alice.browser().click("#member-list li.member[data-username=\"" + carol.username() + "\"] .remove-member");
        assertThat(alice.awaitGroupResult()).isEqualTo(
                new Result("success", carol.username() + " was removed from the group."));
        String removal = alice.username() + " removed " + carol.username();
        alice.awaitGroupLine(removal);
        String resealed = "Sealed again for the two of us.";
        bob.send(resealed);
        assertThat(bob.messages()).filteredOn(message -> resealed.equals(message.text())).as("Bob's lines of it")
                .hasSize(1);
        assertThat(bob.browser().script("return window.parleyFramesHandedOver.filter((f) => f.startsWith('error'));"))
                .as("the server's refusals Bob's page was handed").asList().hasSize(1);
        alice.awaitMessage("Bob's message sealed again", message -> resealed.equals(message.text())
                && message.is("live", "theirs"), LIVE);
        carol.awaitGroupLine(removal);
        carol.browser().awaitText("#group-removed", "says Carol was removed",
                "You were removed from this group."::equals);
        assertThat(carol.browser().find("#message-input").isEnabled()).as("the removed member's composer").isFalse();
        carol.browser().readmeScreenshot("group-removed");
        Axe.check(carol.browser(), "group-room-removed");

        String afterRemoval = "Just the two of us now.";
        alice.send(afterRemoval);
        bob.awaitMessage("Alice's message after the removal", message -> afterRemoval.equals(message.text()), LIVE);
        WebUser.pause(NOTHING_ARRIVES);
        assertThat(carol.messages()).as("the removed member's room").extracting(Message::text)
                .doesNotContain(afterRemoval, resealed).contains(hello);
        alice.awaitMessage("the message after the removal delivered to the one other member", message ->
                afterRemoval.equals(message.text()) && message.receipts().startsWith("Delivered to 1 of 1"), LIVE);

        bob.showMembers();
        bob.browser().click("#leave-group");
        bob.browser().awaitText("#leave-group-question", "asks", text -> text.startsWith("Leave “Saturday climbers”?"));
        Axe.check(bob.browser(), "leave-group-dialog");
        bob.browser().click("#leave-group-confirm");
        bob.browser().awaitPage("friends");
        assertThat(bob.browser().isPresent("#group-list li.group-item")).as("the group in Bob's list").isFalse();
        alice.awaitGroupLine(bob.username() + " left");
        alice.browser().awaitText("#group-summary", "counts one member", "1 member"::equals);

        // Read again from history: every message checked, Alice's own from the copy her browser kept, the lines in order.
        alice.browser().reload();
        alice.awaitGroupRoom("Saturday climbers");
        alice.awaitMessage("the last message, from history", message -> message.is("history", "mine")
                && afterRemoval.equals(message.text()));
        assertThat(alice.messages()).extracting(Message::text).containsSubsequence(hello, afterRemoval);
        assertThat(alice.groupLines()).containsSubsequence(alice.username() + " created the group", renamed, removal,
                bob.username() + " left");
        assertThat(alice.browser().isVisible("#integrity-alert")).as("an integrity alert").isFalse();
        alice.browser().screenshot("group-history");

        // Carol comes back: she reads what was sent while she was a member, never what was sent while she was not, and
        // Alice's chain, which ran on meanwhile, raises no alarm.
        alice.showMembers();
        alice.browser().find("#add-member-select").sendKeys(carol.username());
        alice.browser().click("#add-member-submit");
        assertThat(alice.awaitGroupResult()).isEqualTo(
                new Result("success", carol.username() + " was added to the group."));
        alice.awaitGroupLine(alice.username() + " added " + carol.username());
        String welcomeBack = "Welcome back, Carol.";
        alice.send(welcomeBack);
        carol.openGroup("Saturday climbers");
        carol.awaitMessage("Alice's message after Carol came back", message -> welcomeBack.equals(message.text()));
        assertThat(carol.messages()).extracting(Message::text).contains(hello).doesNotContain(afterRemoval);
        assertThat(carol.browser().isVisible("#integrity-alert")).as("an integrity alert for Carol").isFalse();
        assertThat(carol.browser().find("#message-input").isEnabled()).as("Carol's composer").isTrue();
        for (WebUser member : List.of(alice, bob, carol)) {
            assertThat(member.browser().consoleErrors()).as("%s's console errors", member.username()).isEmpty();
        }
    }

    @Test
    void aChangedGroupMessageOrAChangedMemberKeyIsShownAndNothingIsSentBeforeTheKeyIsAccepted(Browsers browsers,
            SharedStack stack) throws Exception {
        WebUser fay = WebUser.signUp(browsers.open("fay"), Names.username("Fay"), PASSWORD);
        WebUser gus = WebUser.signUp(browsers.open("gus"), Names.username("Gus"), PASSWORD);
        befriend(fay, gus);
        fay.createGroup("Allotment", gus.username());
        Message changed = fay.send("The gate code is 4711.");
        fay.send("Bring gloves.");

        ChatDatabase database = new ChatDatabase(stack.database(Service.CHAT));
        UUID changedId = UUID.fromString(changed.id());
        database.replaceGroupEnvelope(changedId,
                ChatDatabase.withChangedCiphertext(database.groupEnvelope(changedId)));
        gus.openGroup("Allotment");
        gus.browser().awaitText("#integrity-alert", "names the swapped ciphertext",
                text -> text.contains("CIPHERTEXT_SWAPPED"));
        assertThat(gus.messages()).extracting(Message::text).doesNotContain("The gate code is 4711.")
                .contains("Bring gloves.");
        assertThat(gus.messages().get(0).is("tampered")).as("the changed message marked").isTrue();
        Axe.check(gus.browser(), "group-integrity-alert");
        gus.browser().screenshot("group-integrity-alert");

        database.replacePublicKey(UUID.fromString(gus.groupMemberId(fay.username())), SOMEONE_ELSES_KEY);
        gus.browser().reload();
        gus.awaitGroupRoom("Allotment");
        gus.browser().awaitText("#key-change-warning", "warns about Fay's key",
                text -> text.contains(fay.username() + "'s security key has changed."));
        assertThat(gus.browser().find("#message-input").isEnabled()).as("the composer while a key changed").isFalse();
        assertThat(gus.browser().texts("#key-change-warning .safety-number")).hasSize(2)
                .allMatch(number -> number.matches("\\d{5}( \\d{5}){5}"));
        Axe.check(gus.browser(), "group-key-change-warning");
        gus.browser().screenshot("group-key-change-warning");
    }

    @Test
    void theNewGroupDialogExplainsEveryRefusalAndKeepsWhatWasEntered(Browsers browsers, SharedStack stack) {
        WebUser dana = WebUser.signUp(browsers.open("dana"), Names.username("Dana"), PASSWORD);
        try (JavaUser erin = JavaUser.signUp(stack, Names.username("Erin"), PASSWORD)) {
            erin.sendFriendRequest(dana.username());
            assertThat(dana.decide("approve", erin.username()).isSuccess()).isTrue();
            erin.awaitFriendshipKnown(erin.userIdOf(dana.username()));
            Browser browser = dana.browser();

            dana.fillNewGroup("  ");
            Axe.check(browser, "new-group-dialog");
            browser.click("#new-group-submit");
            assertThat(dana.awaitNewGroupAnswer()).containsExactly("Give the group a name.",
                    "Select at least one friend for the group.");
            assertThat(browser.find("#new-group-name").getAttribute("aria-invalid")).isEqualTo("true");
            Axe.check(browser, "new-group-dialog-errors");
            browser.screenshot("new-group-errors");

            String tooLong = "A".repeat(65);
            browser.type("#new-group-name", tooLong);
            browser.click(WebUser.newGroupFriend(erin.username()));
            browser.click("#new-group-submit");
            assertThat(dana.awaitNewGroupAnswer()).containsExactly(
                    "A group name has 1 to 64 characters, and no control characters.");
            assertThat(browser.find("#new-group-name").getAttribute("value")).as("the name kept").isEqualTo(tooLong);
            assertThat(browser.find(WebUser.newGroupFriend(erin.username())).isSelected()).as("the tick kept").isTrue();

            browser.type("#new-group-name", "Book club");
            erin.removeFriend(dana.username());
            browser.click("#new-group-submit");
            assertThat(dana.awaitNewGroupAnswer()).containsExactly("One of the people you selected is no longer your"
                    + " friend. The list is up to date now: select again.");
            browser.await("the list without Erin", Browser.WAIT,
                    driver -> browser.isPresent(WebUser.newGroupFriend(erin.username())) ? null : true);
            assertThat(browser.find("#new-group-name").getAttribute("value")).isEqualTo("Book club");
            browser.screenshot("new-group-not-a-friend");
        }
    }

    /** a sends b a friend request and b approves it. */
    private static void befriend(WebUser a, WebUser b) {
        assertThat(a.addFriendOnceKnown(b.username()).isSuccess()).isTrue();
        assertThat(b.decide("approve", a.username()).isSuccess()).isTrue();
    }
}
