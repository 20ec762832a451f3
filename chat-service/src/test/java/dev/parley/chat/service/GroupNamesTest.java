package dev.parley.chat.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;

class GroupNamesTest {

    @Test
    void aNameIsStoredTrimmed() {
        assertThat(GroupNames.normalized("  Hiking club \t")).isEqualTo("Hiking club");
    }

    @Test
    void aNameHasOneToSixtyFourCharacters() {
        assertThat(GroupNames.normalized("x")).isEqualTo("x");
        assertThat(GroupNames.normalized("x".repeat(64))).hasSize(64);
        assertRefused(null, "Give the group a name.");
        assertRefused("", "Give the group a name.");
        assertRefused(" \t ", "Give the group a name.");
        assertRefused("x".repeat(65), "A group name has at most 64 characters.");
    }

    @Test
    void charactersAreCountedAsPeopleSeeThemNotAsUtf16Units() {
        String sixtyFourEmoji = "\uD83C\uDF32".repeat(64);

        assertThat(GroupNames.normalized(sixtyFourEmoji)).isEqualTo(sixtyFourEmoji);
        assertRefused(sixtyFourEmoji + "\uD83C\uDF32", "A group name has at most 64 characters.");
    }

    @Test
    void aNameHasNoControlCharacters() {
        assertRefused("line\nbreak", "A group name cannot contain control characters.");
        assertRefused("bell\u0007", "A group name cannot contain control characters.");
        assertRefused("next\u0085line", "A group name cannot contain control characters.");
    }

    @Test
    void aNameIsValidUnicodeText() {
        assertRefused("lone \uD800 surrogate", "A group name must be valid Unicode text.");
        assertRefused("\uDC00", "A group name must be valid Unicode text.");
    }

    private static void assertRefused(String name, String message) {
        assertThatThrownBy(() -> GroupNames.normalized(name))
                .isInstanceOfSatisfying(ApiException.class, refusal -> {
                    assertThat(refusal.toResponse().error()).isEqualTo(ErrorCode.INVALID_GROUP_NAME.wire());
                    assertThat(refusal.toResponse().message()).isEqualTo(message);
                });
    }
}
