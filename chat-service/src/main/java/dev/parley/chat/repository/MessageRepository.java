package dev.parley.chat.repository;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.chat.ChatMessage;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<ChatMessage, Long> {

    /** The message stored at a chain position, if any: what a retried send is answered with. */
    public Uni<ChatMessage> findAtChainPosition(UUID conversationId, UUID senderId, String deviceId, long seq) {
        return find("conversationId = ?1 and senderId = ?2 and deviceId = ?3 and seq = ?4", conversationId, senderId,
                deviceId, seq).firstResult();
    }

    public Uni<ChatMessage> findInConversation(UUID conversationId, UUID publicId) {
        return find("conversationId = ?1 and publicId = ?2", conversationId, publicId).firstResult();
    }

    /** The newest {@code limit} messages older than {@code before} (all, when null), oldest first. */
    public Uni<List<ChatMessage>> pageBefore(UUID conversationId, Long before, int limit) {
        String query = before == null ? "conversationId = ?1" : "conversationId = ?1 and id < ?2";
        Object[] parameters = before == null ? new Object[] { conversationId } : new Object[] { conversationId, before };
        return find(query, Sort.descending("id"), parameters).page(Page.ofSize(limit)).list()
                .map(newestFirst -> {
                    List<ChatMessage> oldestFirst = new ArrayList<>(newestFirst);
                    Collections.reverse(oldestFirst);
                    return oldestFirst;
                });
    }

    /** The oldest {@code limit} messages newer than {@code after}, oldest first. */
    public Uni<List<ChatMessage>> pageAfter(UUID conversationId, long after, int limit) {
        return find("conversationId = ?1 and id > ?2", Sort.ascending("id"), conversationId, after)
                .page(Page.ofSize(limit)).list();
    }
}
