package dev.parley.client.chat;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import dev.parley.client.crypto.MessageBody;

/**
 * A send the server has not acknowledged yet, as the {@link ChatClient} keeps it until the ack, and what completes
 * when it comes. The client calls {@link #frame()} and {@link #settled()} under its send lock.
 */
sealed interface PendingSend {

    /** The frame to put on the socket now, or null while it must wait its turn. */
    String frame();

    /** The server answered it: stored, or refused for good. */
    default void settled() {
    }

    void stored(ServerFrame.Ack ack);

    void failed(RuntimeException failure);

    /**
     * The {@code send} frame of an envelope: {@code {"type":"send","id":"...","envelope":{...}}}. The envelope's JSON
     * (written by {@code toJson()} of an envelope) goes in as it is, not parsed and written again.
     */
    static String frame(String clientId, String envelopeJson) {
        return "{\"type\":\"send\",\"id\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(clientId))
                + "\",\"envelope\":" + envelopeJson + "}";
    }

    /** A 1:1 message, sealed when it was sent. */
    record ToConversation(String frame, Conversation conversation, CompletableFuture<SendReceipt> receipt)
            implements PendingSend {

        @Override
        public void stored(ServerFrame.Ack ack) {
            conversation.remember(ack.messageId());
            receipt.complete(new SendReceipt(ack.id(), ack.conversationId(), ack.messageId(), ack.storedAt(),
                    ack.duplicate()));
        }

        @Override
        public void failed(RuntimeException failure) {
            receipt.completeExceptionally(failure);
        }
    }

    /**
     * A group message: sealed when its turn comes, that is when no other message of its group waits for an answer,
     * so that a {@code stale_epoch} refusal is always of the chain's last message, the one
     * {@link GroupConversation#resealLast} can seal again in its place; and sealed again after such a refusal.
     */
    final class ToGroup implements PendingSend {

        private final String clientId;
        private final GroupConversation group;
        private final MessageBody body;
        private final CompletableFuture<GroupSendReceipt> receipt;
        /** The groups with a sealed message the server has not answered yet, shared by the client's group sends. */
        private final Set<UUID> groupsAwaitingAnswer;
        private String frame;
        private int reseals;

        ToGroup(String clientId, GroupConversation group, MessageBody body, CompletableFuture<GroupSendReceipt> receipt,
                Set<UUID> groupsAwaitingAnswer) {
            this.clientId = clientId;
            this.group = group;
            this.body = body;
            this.receipt = receipt;
            this.groupsAwaitingAnswer = groupsAwaitingAnswer;
        }

        String clientId() {
            return clientId;
        }

        GroupConversation group() {
            return group;
        }

        @Override
        public String frame() {
            if (frame == null && !groupsAwaitingAnswer.contains(group.id())) {
                frame = PendingSend.frame(clientId, group.seal(body).toJson());
                groupsAwaitingAnswer.add(group.id());
            }
            return frame;
        }

        /** Seals the message again in its place of the chain, for the membership read since (under the send lock). */
        void reseal() {
            reseals++;
            frame = PendingSend.frame(clientId, group.resealLast(body).toJson());
        }

        boolean mayReseal() {
            return reseals < ChatClient.MAX_RESEALS;
        }

        @Override
        public void settled() {
            if (frame != null) {
                groupsAwaitingAnswer.remove(group.id());
            }
        }

        @Override
        public void stored(ServerFrame.Ack ack) {
            group.remember(ack.messageId());
            receipt.complete(new GroupSendReceipt(ack.id(), ack.groupId(), ack.messageId(), ack.storedAt(),
                    ack.duplicate()));
        }

        @Override
        public void failed(RuntimeException failure) {
            receipt.completeExceptionally(failure);
        }
    }
}
