package dev.parley.client.chat;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.parley.client.api.ChatModels.ConversationInfo;
import dev.parley.client.api.ChatModels.Friend;
import dev.parley.client.api.ChatModels.StoredMessage;
import dev.parley.client.crypto.ConversationKey;
import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.IdentityKeyPair;
import dev.parley.client.crypto.IdentityPublicKey;
import dev.parley.client.crypto.MessageBody;
import dev.parley.client.crypto.MessageEnvelope;
import dev.parley.client.crypto.MessageVerifier;
import dev.parley.client.crypto.ProtocolFormatException;
import dev.parley.client.crypto.SafetyNumber;
import dev.parley.client.crypto.SendingChain;
import dev.parley.client.crypto.VerificationResult;

/**
 * A 1:1 conversation this client has joined: it seals what the user sends (PROTOCOL.md §3–4) and checks what
 * arrives. Messages of the friend are checked against the friend; the user's own messages from other devices
 * against the user; this device's own messages are known already and skipped.
 */
public final class Conversation {

    /** Enough message ids to recognise a repeat from a relay re-send or an overlapping catch-up. */
    private static final int REMEMBERED_IDS = 1024;

    private final ChatClient client;
    private final ConversationInfo info;
    private final UUID userId;
    private final DeviceId deviceId;
    private final IdentityPublicKey friendKey;
    private final String safetyNumber;
    private final SendingChain sending;
    private final MessageVerifier fromFriend;
    private final MessageVerifier fromOwnDevices;
    private final ConversationState state;
    private final Set<UUID> seen = new LinkedHashSet<>();
    private UUID lastSeen;

    /**
     * @param friendKey the friend's key as checked against the pin ({@link ChatClient#join}): the only key this
     *                  conversation's key is derived from
     * @param lastSeen  where catching up starts; null to start from the saved state, or from the beginning
     */
    Conversation(ChatClient client, ConversationInfo info, UUID userId, DeviceId deviceId, IdentityKeyPair identity,
            IdentityPublicKey friendKey, UUID lastSeen, ConversationState state) {
        this.client = client;
        this.info = info;
        this.userId = userId;
        this.deviceId = deviceId;
        this.friendKey = friendKey;
        this.state = state;
        this.safetyNumber = SafetyNumber.of(identity.publicKey(), friendKey);
        ConversationKey key = ConversationKey.derive(identity, friendKey, info.id().toString());
        // Resumed where this device stood: a device that keeps its id must not start its chain again at seq 1.
        this.sending = state.sending().filter(saved -> saved.deviceId().equals(deviceId))
                .map(saved -> SendingChain.resume(key, saved))
                .orElseGet(() -> SendingChain.start(key, userId.toString(), deviceId));
        Optional<ConversationState.Received> received = state.received();
        this.fromFriend = received.map(saved -> MessageVerifier.resume(key, saved.fromFriend()))
                .orElseGet(() -> new MessageVerifier(key, info.friend().userId().toString()));
        this.fromOwnDevices = received.map(saved -> MessageVerifier.resume(key, saved.fromOwnDevices()))
                .orElseGet(() -> new MessageVerifier(key, userId.toString()));
        this.lastSeen = lastSeen != null ? lastSeen : received.map(ConversationState.Received::lastSeen).orElse(null);
    }

    public UUID id() {
        return info.id();
    }

    public Friend friend() {
        return info.friend();
    }

    /** The friend's identity key this conversation's key was derived from, to compare with the pinned one. */
    public IdentityPublicKey friendKey() {
        return friendKey;
    }

    /** The conversation's safety number (PROTOCOL.md §5), for the users to compare out of band. */
    public String safetyNumber() {
        return safetyNumber;
    }

    /**
     * Encrypts the text as the chain's next message and sends it; completes when the server has stored it. Until
     * then it is resent after every reconnect, as the same envelope.
     */
    public CompletableFuture<SendReceipt> send(String text) {
        return client.send(this, text);
    }

    /** Seals the next message; called by the client under its send lock, so seq order is send order. */
    MessageEnvelope seal(String text) {
        MessageEnvelope envelope = sending.seal(new MessageBody(text, Instant.now()));
        state.saveSending(sending.state());
        return envelope;
    }

    synchronized UUID lastSeen() {
        return lastSeen;
    }

    /** Remembers a message id, so that it is not handled twice; false when it was seen before. */
    synchronized boolean remember(UUID messageId) {
        if (!seen.add(messageId)) {
            return false;
        }
        if (seen.size() > REMEMBERED_IDS) {
            seen.remove(seen.iterator().next());
        }
        return true;
    }

    /**
     * Checks a message that arrived live or from history, in server order. Returns null for a repeat and for this
     * device's own messages.
     */
    synchronized ReceivedMessage receive(StoredMessage message, boolean live) {
        if (!remember(message.id())) {
            return null;
        }
        lastSeen = message.id();
        if (message.senderId().equals(userId) && sentByThisDevice(message.envelope())) {
            saveReceived();
            return null;
        }
        MessageVerifier verifier = message.senderId().equals(userId) ? fromOwnDevices : fromFriend;
        VerificationResult result = verifier.verify(message.envelope());
        saveReceived();
        return new ReceivedMessage(message.conversationId(), message.id(), message.senderId(), message.storedAt(), result,
                live);
    }

    private void saveReceived() {
        state.saveReceived(new ConversationState.Received(lastSeen, fromFriend.state(), fromOwnDevices.state()));
    }

    private boolean sentByThisDevice(String envelopeJson) {
        try {
            return MessageEnvelope.fromJson(envelopeJson).header().deviceId().equals(deviceId);
        } catch (ProtocolFormatException e) {
            return false;
        }
    }
}
