package dev.parley.client.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/** Catching up with a conversation's or a group's history, which page alike (chat-service's README). */
final class History {

    /** Messages oldest first; {@code hasMore}: more lie further in the direction of paging. */
    record Page<M>(List<M> messages, boolean hasMore) {
    }

    private History() {
    }

    /**
     * What was sent after {@code lastSeen}, oldest first: paging forward from it, or without it (a new device) the
     * whole history, paging back from the newest page.
     */
    static <M> List<M> missed(UUID lastSeen, Function<M, UUID> id, Supplier<Page<M>> newest,
            Function<UUID, Page<M>> before, Function<UUID, Page<M>> after) {
        List<M> missed = new ArrayList<>();
        if (lastSeen == null) {
            Page<M> page = newest.get();
            missed.addAll(page.messages());
            while (page.hasMore() && !page.messages().isEmpty()) {
                page = before.apply(id.apply(page.messages().get(0)));
                missed.addAll(0, page.messages());
            }
            return missed;
        }
        UUID from = lastSeen;
        Page<M> page;
        do {
            page = after.apply(from);
            missed.addAll(page.messages());
            from = page.messages().isEmpty() ? from : id.apply(page.messages().get(page.messages().size() - 1));
        } while (page.hasMore() && !page.messages().isEmpty());
        return missed;
    }
}
