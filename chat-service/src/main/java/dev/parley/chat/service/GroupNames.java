package dev.parley.chat.service;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;

/**
 * What a group may be called: 1 to 64 characters once trimmed, none of them a control character or half of a
 * surrogate pair (which has no UTF-8 form, so could be neither stored nor shown).
 */
public final class GroupNames {

    public static final int MAX_LENGTH = 64;

    private GroupNames() {
    }

    /**
     * The name as stored: trimmed of surrounding white space. Fails for a name that is missing, empty, too long
     * (counted in characters as people see them, so an emoji counts once) or has a control character, which
     * would break the line a room shows.
     */
    public static String normalized(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            throw invalid("Give the group a name.");
        }
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_LENGTH) {
            throw invalid("A group name has at most " + MAX_LENGTH + " characters.");
        }
        if (trimmed.codePoints().anyMatch(Character::isISOControl)) {
            throw invalid("A group name cannot contain control characters.");
        }
        if (trimmed.codePoints().anyMatch(codePoint -> Character.getType(codePoint) == Character.SURROGATE)) {
            throw invalid("A group name must be valid Unicode text.");
        }
        return trimmed;
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest(ErrorCode.INVALID_GROUP_NAME, message);
    }
}
