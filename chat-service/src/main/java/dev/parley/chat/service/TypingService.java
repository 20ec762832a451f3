package dev.parley.chat.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.chat.delivery.LiveDelivery;
import dev.parley.chat.repository.ChatSettingsRepository;
import dev.parley.chat.repository.ConversationRepository;
import dev.parley.chat.repository.GroupMemberRepository;
import dev.parley.chat.socket.FrameWriter;
import dev.parley.chat.socket.Frames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Typing indicators: a member's "typing" goes to the friend's open sockets (in a group, the other members') and
 * nowhere else. Nothing is stored; a frame that finds no socket is gone. Dropped silently (counted) when the typer
 * turned typing indicators off, and not shown to anyone who did (in a 1:1 conversation, to neither).
 */
@ApplicationScoped
public class TypingService {

    private final ConversationRepository conversations;
    private final ChatSettingsRepository settings;
    private final GroupMemberRepository groupMembers;
    private final LiveDelivery delivery;
    private final FrameWriter frames;
    private final Counter relayed;
    private final Counter turnedOff;
    private final Counter rateLimited;

    TypingService(ConversationRepository conversations, ChatSettingsRepository settings,
            GroupMemberRepository groupMembers, LiveDelivery delivery,
            FrameWriter frames, MeterRegistry metrics) {
        this.conversations = conversations;
        this.settings = settings;
        this.groupMembers = groupMembers;
        this.delivery = delivery;
        this.frames = frames;
        this.relayed = counter(metrics, "relayed");
        this.turnedOff = counter(metrics, "turned_off");
        this.rateLimited = counter(metrics, "rate_limited");
    }

    private static Counter counter(MeterRegistry metrics, String outcome) {
        return Counter.builder("parley.chat.typing.frames").tag("outcome", outcome)
                .description("Typing frames received, by what became of them").register(metrics);
    }

    /**
     * Tells the friend's open clients that the user is typing in the conversation; fails with unknown_conversation
     * when the user is not a member, not_a_friend when the two are no longer friends.
     */
    @WithSession
    public Uni<Void> typing(UUID userId, UUID conversationId) {
        return conversations.membership(userId, conversationId)
                .onItem().ifNull().failWith(ConversationService::unknownConversation)
                .chain(membership -> membership.friends()
                        ? relayUnlessTurnedOff(userId, conversationId, membership.friendId())
                        : Uni.createFrom().failure(ConversationService.notAFriend()));
    }

    private Uni<Void> relayUnlessTurnedOff(UUID userId, UUID conversationId, UUID friendId) {
        return settings.typingIndicatorsOff(List.of(userId, friendId))
                .invoke(off -> {
                    if (!off.isEmpty()) {
                        turnedOff.increment();
                    } else {
                        relay(userId, conversationId, friendId);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Tells the other current members' open clients that the user is typing in the group, unless the user turned
     * typing indicators off; a member who turned them off is not told. Fails with unknown_group when the user is not a
     * member now.
     */
    @WithSession
    public Uni<Void> groupTyping(UUID userId, UUID groupId) {
        return groupMembers.current(groupId, userId)
                .onItem().ifNull().failWith(GroupService::unknownGroup)
                .chain(() -> groupMembers.currentOf(groupId))
                .chain(members -> settings.typingIndicatorsOff(members).invoke(off -> {
                    if (off.contains(userId)) {
                        turnedOff.increment();
                        return;
                    }
                    relayed.increment();
                    String frame = frames.write(new Frames.GroupTyping(groupId, userId));
                    members.stream()
                            .filter(member -> !member.equals(userId) && !off.contains(member))
                            .forEach(member -> delivery.deliverWithoutWaiting(
                                    new LiveDelivery.Frame(member, null, frame)));
                }))
                .replaceWithVoid();
    }

    private void relay(UUID userId, UUID conversationId, UUID friendId) {
        relayed.increment();
        String frame = frames.write(new Frames.Typing(conversationId, userId));
        delivery.deliverWithoutWaiting(new LiveDelivery.Frame(friendId, null, frame));
    }

    /** A typing frame beyond its socket's allowance, dropped without an answer. */
    public void rateLimited() {
        rateLimited.increment();
    }
}
