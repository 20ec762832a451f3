package dev.parley.chat.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.chat.repository.ChatSettingsRepository;
import dev.parley.chat.repository.ConversationRepository;
import dev.parley.chat.repository.FriendshipRepository;
import dev.parley.chat.repository.KnownUserRepository;
import dev.parley.contracts.events.UserSnapshot;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Chat-service's own copy of who exists (name, public key), kept from the compacted users topic, so that serving a
 * request never waits for another service. Applying a snapshot twice is harmless: a newer one wins.
 */
@ApplicationScoped
public class UsersProjection {

    private static final Logger LOG = Logger.getLogger(UsersProjection.class);

    private final KnownUserRepository users;
    private final FriendshipRepository friendships;
    private final ConversationRepository conversations;
    private final ChatSettingsRepository settings;
    private final GroupService groups;

    UsersProjection(KnownUserRepository users, FriendshipRepository friendships, ConversationRepository conversations,
            ChatSettingsRepository settings, GroupService groups) {
        this.users = users;
        this.friendships = friendships;
        this.conversations = conversations;
        this.settings = settings;
        this.groups = groups;
    }

    @WithTransaction
    public Uni<Void> apply(UserSnapshot snapshot) {
        return users.apply(snapshot);
    }

    /**
     * The account was deleted: its conversations go, with every message in them, its friendships and settings, and
     * it leaves every group it was in (recorded as having left, each group's epoch raised). Answers the group changes,
     * for the groups' members to be told once this committed.
     */
    @WithTransaction
    public Uni<List<GroupChanged>> remove(UUID userId) {
        return conversations.deleteAllOf(userId)
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("Deleted account %s: %d conversations removed", userId, deleted);
                    }
                })
                .call(() -> friendships.deleteAllOf(userId))
                .call(() -> settings.deleteById(userId))
                .call(() -> users.deleteById(userId))
                .chain(() -> groups.leaveAll(userId));
    }
}
