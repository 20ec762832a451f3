package dev.parley.client.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.parley.client.api.ChatModels.GroupInfo;
import dev.parley.client.api.ChatModels.GroupMember;
import dev.parley.client.api.ChatModels.StoredGroupMessage;
import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.GroupEpoch;
import dev.parley.client.crypto.GroupMessageEnvelope;
import dev.parley.client.crypto.GroupPairKey;
import dev.parley.client.crypto.GroupSendingChain;
import dev.parley.client.crypto.GroupVerifier;
import dev.parley.client.crypto.IdentityKeyPair;
import dev.parley.client.crypto.IdentityPublicKey;
import dev.parley.client.crypto.MessageBody;
import dev.parley.client.crypto.ProtocolFormatException;
import dev.parley.client.crypto.VerificationResult;

/**
 * A group this client has joined (PROTOCOL.md §7): it seals what the user sends for the other members of the current
 * epoch and checks what arrives against the members of the epoch each message names, with pair keys derived from
 * every present and former member's pinned key. This device's own messages are known already and skipped.
 */
public final class GroupConversation {

    /** Enough message ids to recognise a repeat from a relay re-send or an overlapping catch-up. */
    private static final int REMEMBERED_IDS = 1024;

    private final ChatClient client;
    private final UUID groupId;
    private final UUID userId;
    private final DeviceId deviceId;
    private final IdentityKeyPair identity;
    private final GroupState state;
    private final GroupSendingChain sending;
    /** The keys the pair keys were derived from, so that an unchanged member's pair key is not derived again. */
    private final Map<UUID, IdentityPublicKey> memberKeys = new HashMap<>();
    private final Map<UUID, GroupPairKey> pairKeys = new HashMap<>();
    private final Set<UUID> seen = new LinkedHashSet<>();
    private GroupInfo info;
    private GroupEpoch current;
    private GroupVerifier verifier;
    private UUID lastSeen;
    private boolean member = true;

    /**
     * @throws FriendKeyChangedException if a member's key differs from the one pinned for them: nothing is derived
     */
    GroupConversation(ChatClient client, GroupInfo info, UUID userId, DeviceId deviceId, IdentityKeyPair identity,
            GroupState state) {
        this.client = client;
        this.groupId = info.id();
        this.userId = userId;
        this.deviceId = deviceId;
        this.identity = identity;
        this.state = state;
        // Resumed where this device stood: a device that keeps its id must not start its chain again at seq 1.
        this.sending = state.sending().filter(saved -> saved.deviceId().equals(deviceId))
                .map(GroupSendingChain::resume)
                .orElseGet(() -> GroupSendingChain.start(groupId.toString(), userId.toString(), deviceId));
        Optional<GroupState.Received> received = state.received();
        this.lastSeen = received.map(GroupState.Received::lastSeen).orElse(null);
        update(info);
        received.ifPresent(saved -> verifier = GroupVerifier.resume(saved.chains(), pairKeys.values(),
                GroupEpochs.of(info)));
    }

    public UUID id() {
        return groupId;
    }

    /** The group as last read from the server: name, epoch, members, former members and their periods. */
    public synchronized GroupInfo info() {
        return info;
    }

    /** False once the server no longer counts the user as a member (removed, or left). */
    public synchronized boolean isMember() {
        return member;
    }

    /**
     * Encrypts the text as the chain's next message for the current members and sends it; completes when the server
     * has stored it. If the membership changed meanwhile ({@code stale_epoch}), the client reads the group again and
     * seals the text anew in the same place of its chain.
     */
    public CompletableFuture<GroupSendReceipt> send(String text) {
        return client.send(this, new MessageBody(text, Instant.now()));
    }

    /**
     * Takes the group as the server gives it now: every member's key is checked against the pin first (the first
     * key seen is pinned), then pair keys are derived for new members and the checks learn the new epochs, keeping
     * where every chain stands.
     *
     * @throws FriendKeyChangedException if a member's key differs from the pinned one: nothing of the new membership
     *                                   is taken
     */
    synchronized void update(GroupInfo fresh) {
        Map<UUID, IdentityPublicKey> checked = new HashMap<>();
        List<GroupMember> everyone = new ArrayList<>(fresh.members());
        everyone.addAll(fresh.formerMembers());
        for (GroupMember other : everyone) {
            if (!other.userId().equals(userId) && other.publicKey() != null) {
                checked.put(other.userId(), client.checkedKey(other.userId(), other.username(), other.publicKey()));
            }
        }
        checked.forEach((memberId, key) -> {
            if (!key.equals(memberKeys.get(memberId))) {
                pairKeys.put(memberId, GroupPairKey.derive(identity, memberId.toString(), key, groupId.toString()));
                memberKeys.put(memberId, key);
            }
        });
        List<GroupEpoch> epochs = GroupEpochs.of(fresh);
        verifier = verifier == null ? new GroupVerifier(groupId.toString(), userId.toString(), pairKeys.values(), epochs)
                : GroupVerifier.resume(verifier.state(), pairKeys.values(), epochs);
        current = GroupEpochs.current(fresh);
        info = fresh;
        member = true;
    }

    /** The server says the user is no member now: nothing more will come. */
    synchronized void noLongerMember() {
        member = false;
    }

    synchronized long epoch() {
        return info.epoch();
    }

    /** Seals the next message for the current epoch; called under the client's send lock, so seq order is send order. */
    synchronized GroupMessageEnvelope seal(MessageBody body) {
        GroupMessageEnvelope envelope = sending.seal(body, current, pairKeys.values());
        state.saveSending(sending.state());
        return envelope;
    }

    /** Seals the last message again, in its place of the chain, for the epoch known now (after {@code stale_epoch}). */
    synchronized GroupMessageEnvelope resealLast(MessageBody body) {
        GroupMessageEnvelope envelope = sending.resealLast(body, current, pairKeys.values());
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
    synchronized ReceivedGroupMessage receive(StoredGroupMessage message, boolean live) {
        if (!remember(message.id())) {
            return null;
        }
        lastSeen = message.id();
        if (message.senderId().equals(userId) && sentByThisDevice(message.envelope())) {
            saveReceived();
            return null;
        }
        VerificationResult result = verifier.verify(message.envelope());
        saveReceived();
        return new ReceivedGroupMessage(groupId, message.id(), message.senderId(), message.epoch(), message.storedAt(),
                result, live);
    }

    private void saveReceived() {
        state.saveReceived(new GroupState.Received(lastSeen, verifier.state()));
    }

    private boolean sentByThisDevice(String envelopeJson) {
        try {
            return GroupMessageEnvelope.fromJson(envelopeJson).header().deviceId().equals(deviceId);
        } catch (ProtocolFormatException e) {
            return false;
        }
    }
}
