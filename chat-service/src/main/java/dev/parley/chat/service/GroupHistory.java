package dev.parley.chat.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.chat.GroupMessage;
import dev.parley.chat.config.ChatConfig;
import dev.parley.chat.repository.GroupMemberRepository;
import dev.parley.chat.repository.GroupMessageRepository;
import dev.parley.chat.repository.GroupReceiptStore;
import dev.parley.chat.repository.GroupReceiptStore.Receipt;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A group's history as one member may read it: the messages of the epochs they were a member of, paged like a 1:1
 * conversation's, with how far each other member got.
 */
@ApplicationScoped
public class GroupHistory {

    /**
     * One page, oldest first; {@code hasMore}: more lie further in the paging direction. {@code receipts}: each other
     * current member's watermarks, as the reader may see them.
     */
    public record Page(List<GroupMessage> messages, boolean hasMore, List<Receipt> receipts) {
    }

    private final GroupMemberRepository members;
    private final GroupMessageRepository messages;
    private final GroupReceiptStore receipts;
    private final ChatConfig config;

    GroupHistory(GroupMemberRepository members, GroupMessageRepository messages, GroupReceiptStore receipts,
            ChatConfig config) {
        this.members = members;
        this.messages = messages;
        this.receipts = receipts;
        this.config = config;
    }

    /**
     * The page before {@code before}, after {@code after} (catching up), or the newest page when neither is given.
     * Fails with {@code unknown_group} for a user who is not a member now, {@code unknown_message} for a cursor that is
     * not a message they may read in the group.
     *
     * <p>The receipts are read after the session has given its connection back: they come from the pool directly,
     * and a request holding one connection while it waits for a second starves the pool when many catch up at once
     * (every connection held, every request waiting for another).
     */
    public Uni<Page> page(UUID userId, UUID groupId, UUID before, UUID after, Integer limit) {
        if (before != null && after != null) {
            return Uni.createFrom().failure(ApiException.badRequest(ErrorCode.BAD_CURSOR,
                    "Give before or after, not both."));
        }
        return PageSize.of(config.history(), limit)
                .chain(size -> Panache.withSession(() -> members.current(groupId, userId)
                        .onItem().ifNull().failWith(GroupService::unknownGroup)
                        .chain(() -> messages(userId, groupId, before, after, size))))
                .chain(page -> receipts.receipts(groupId, userId)
                        .map(found -> new Page(page.messages(), page.hasMore(), found)));
    }

    private Uni<Page> messages(UUID userId, UUID groupId, UUID before, UUID after, int size) {
        if (after != null) {
            return cursor(userId, groupId, after)
                    .chain(id -> messages.pageAfter(groupId, userId, id, size + 1))
                    .map(page -> page.size() > size ? new Page(page.subList(0, size), true, List.of())
                            : new Page(page, false, List.of()));
        }
        Uni<Long> from = before == null ? Uni.createFrom().nullItem() : cursor(userId, groupId, before);
        return from.chain(id -> messages.pageBefore(groupId, userId, id, size + 1))
                .map(page -> page.size() > size ? new Page(page.subList(1, page.size()), true, List.of())
                        : new Page(page, false, List.of()));
    }

    private Uni<Long> cursor(UUID userId, UUID groupId, UUID messageId) {
        return messages.findVisible(groupId, userId, messageId)
                .onItem().ifNull().failWith(GroupReceipts::unknownMessage)
                .map(message -> message.id);
    }
}
