package dev.parley.chat.service;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.chat.config.ChatConfig;
import io.smallrye.mutiny.Uni;

/** The size of a page a client asks for (history, a group's membership record): the default without one. */
final class PageSize {

    private PageSize() {
    }

    /** The page size, or a failure for a limit outside 1 to the maximum. */
    static Uni<Integer> of(ChatConfig.History history, Integer limit) {
        int max = history.maxPageSize();
        if (limit == null) {
            return Uni.createFrom().item(history.defaultPageSize());
        }
        if (limit < 1 || limit > max) {
            return Uni.createFrom().failure(ApiException.badRequest(ErrorCode.BAD_LIMIT,
                    "limit must be between 1 and " + max + "."));
        }
        return Uni.createFrom().item(limit);
    }
}
