package dev.parley.client.chat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.parley.client.api.ChatApi;
import dev.parley.client.api.ChatApiException;
import dev.parley.client.api.ChatModels.ConversationInfo;
import dev.parley.client.api.ChatModels.GroupHistoryPage;
import dev.parley.client.api.ChatModels.GroupInfo;
import dev.parley.client.api.ChatModels.HistoryPage;
import dev.parley.client.api.ChatModels.StoredGroupMessage;
import dev.parley.client.api.ChatModels.StoredMessage;
import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.IdentityKeyPair;
import dev.parley.client.crypto.IdentityPublicKey;
import dev.parley.client.crypto.MessageBody;
import dev.parley.client.crypto.MessageEnvelope;
import dev.parley.client.crypto.SafetyNumber;
import dev.parley.client.state.ClientStateStore;

/**
 * A device's chat connection (chat-service's README describes the frames): one WebSocket to /ws/chat that
 * reconnects by itself (to the next of its server addresses when a connect fails), the conversations and groups the
 * device has joined, and the sends the server has not acknowledged yet.
 * <ul>
 * <li>A send completes when the server stored it; until then it is resent, as the same envelope, after every
 * reconnect and after a refusal the server says may be retried ({@code overloaded}, {@code rate_limited},
 * {@code server_error}, {@code internal_error}), since the server stores one copy per chain position, so a resend
 * is harmless, and a message given up would leave a gap in the device's chain that the friend's client flags
 * (DROPPED) on the next one.</li>
 * <li>After every (re)connect, each joined conversation catches up from history with what it missed, before any
 * later live message is handled, so the checks see every message in order.</li>
 * <li>Received friend messages are confirmed to the server ({@code delivered}, at most once per conversation per
 * {@code deliveredDelay}), which tells the friend.</li>
 * <li>Groups ({@link #joinGroup}) work alike: a group's messages are sealed for the current members one at a time (the
 * next once the server stored the one before), sealed again in the same chain position after {@code stale_epoch},
 * checked with {@link dev.parley.client.crypto.GroupVerifier}, and confirmed with {@code group-delivered}; after
 * {@code group-changed}, and before each catch-up, the group is read again for its members and keys.</li>
 * </ul>
 * Java clients send the access token in the Authorization header; it is asked for at every connect.
 */
public final class ChatClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader FRAMES =
            new ObjectMapper().registerModule(new JavaTimeModule()).readerFor(ServerFrame.class);
    private static final int HISTORY_PAGE = 200;
    /**
     * Refusals the server says may be retried as they are (chat-service's README, error codes; the servers' catalog
     * is dev.parley.api.ErrorCode). The socket reports its own failures as server_error; internal_error is the same
     * failure in REST's and the gateway's words, so a server that ever says it on the socket is retried too.
     */
    private static final Set<String> RETRYABLE = Set.of("overloaded", "rate_limited", "server_error", "internal_error");
    /** A group send sealed for an epoch that is no longer the group's: nothing was stored. */
    private static final String STALE_EPOCH = "stale_epoch";
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    /**
     * How often a group message refused as {@code stale_epoch} is sealed again for the membership read after it: more
     * than once only when the membership keeps changing under the send.
     */
    static final int MAX_RESEALS = 3;
    /**
     * Sends on the socket that the server has not answered yet, at most: the rest wait in {@link #pending}, in order.
     * chat-service handles one send per socket at a time and lets 32 more wait (parley.chat.sockets.max-waiting-sends);
     * a client that sent every message at once would have the excess refused and re-send it all after each pause,
     * a storm of refusals that costs the server more than the messages themselves.
     */
    static final int SEND_WINDOW = 32;
    private static final ExecutorService SHARED_POOL = Executors.newCachedThreadPool(daemon("parley-chat-client"));
    private static final ScheduledExecutorService SHARED_TIMER =
            Executors.newSingleThreadScheduledExecutor(daemon("parley-chat-client-timer"));

    private final UUID userId;
    private final DeviceId deviceId;
    private final IdentityKeyPair identity;
    private final ChatListener listener;
    private final Servers servers;
    private final ChatApi api;
    private final ChatSocket socket;
    private final Executor events;
    private final Duration deliveredDelay;
    private final PinnedKeys pins;
    private final ClientStateStore state;
    private final Map<UUID, Conversation> conversations = new ConcurrentHashMap<>();
    private final Map<UUID, GroupConversation> groups = new ConcurrentHashMap<>();
    /** Sends not yet acknowledged, in the order they were made. */
    private final Map<String, PendingSend> pending = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Per conversation, the newest friend message not yet confirmed as delivered. */
    private final Map<UUID, UUID> unconfirmed = new ConcurrentHashMap<>();
    /** Per group, the newest message of another member not yet confirmed as delivered. */
    private final Map<UUID, UUID> unconfirmedGroups = new ConcurrentHashMap<>();
    /**
     * The groups with a sealed message the server has not answered yet (guarded by sendLock). A group's next message
     * is sealed only once the one before it is stored, so that a {@code stale_epoch} refusal is always of the chain's
     * last message, the one {@link GroupConversation#resealLast} can seal again in its place.
     */
    private final Set<UUID> groupsAwaitingAnswer = new HashSet<>();
    private final CompletableFuture<Void> firstReady = new CompletableFuture<>();
    private final Object sendLock = new Object();
    /**
     * Whether the server said ready on the open socket (guarded by sendLock). Until then sends only wait in
     * {@link #pending}: ready() sends them all in order, so a new message never overtakes an older one that a
     * reconnect is about to send again, which would store the device's chain out of order.
     */
    private boolean ready;
    /** Ids of the sends on the socket that the server has not answered yet (guarded by sendLock). */
    private final Set<String> inFlight = new HashSet<>();
    /**
     * Whether sending pauses after a retryable refusal (guarded by sendLock): the server is busy, and the refused
     * send must go again before any later one of its chain, so nothing more goes out until the pause is over.
     */
    private boolean paused;

    private ChatClient(Builder builder) {
        this.userId = Objects.requireNonNull(builder.userId, "userId");
        this.deviceId = Objects.requireNonNull(builder.deviceId, "deviceId");
        this.identity = Objects.requireNonNull(builder.identity, "identity");
        this.listener = Objects.requireNonNull(builder.listener, "listener");
        Objects.requireNonNull(builder.servers, "server");
        Objects.requireNonNull(builder.accessToken, "accessToken");
        HttpClient http = builder.http != null ? builder.http : HttpClient.newHttpClient();
        this.servers = new Servers(builder.servers);
        // REST calls (catching up above all) go to the server the socket reached.
        this.api = new ChatApi(http, servers::current, builder.accessToken);
        this.events = new SerialExecutor(builder.executor != null ? builder.executor : SHARED_POOL);
        this.deliveredDelay = builder.deliveredDelay;
        this.pins = builder.pins != null ? builder.pins : PinnedKeys.inMemory();
        this.state = builder.state;
        this.socket = new ChatSocket(http, servers, this::socketAddress, builder.accessToken, new ChatSocket.Handler() {
            @Override
            public void onText(String frame, int connection) {
                events.execute(() -> handle(frame, connection));
            }

            @Override
            public void onClosed(int code, String reason, boolean reconnecting) {
                synchronized (sendLock) {
                    ready = false;
                }
                events.execute(() -> disconnected(code, reason, reconnecting));
            }
        }, SHARED_TIMER);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Opens the socket; completes when the server first says it is ready and joined conversations caught up. */
    public CompletableFuture<Void> connect() {
        socket.open();
        return firstReady;
    }

    public boolean isConnected() {
        return socket.isOpen();
    }

    /** The server address in use: the one the socket is connected to, or will try next. */
    public URI server() {
        return servers.current();
    }

    /** The chat REST API, with this client's server and token. */
    public ChatApi api() {
        return api;
    }

    /**
     * Joins a conversation: checks the friend's published key against the pinned one (pinning it on first use),
     * derives the conversation key from it, catches up with its whole history, then takes its live messages.
     *
     * @throws FriendKeyChangedException if the server gives another key for the friend than the pinned one: nothing
     *                                   is derived from it until {@link #acceptFriendKey} pins it
     */
    public Conversation join(ConversationInfo info) {
        return join(info, null);
    }

    /**
     * Joins a conversation as a device that has already seen its messages up to {@code lastSeenMessageId}: catching
     * up starts after it. The checks then start from the chains as they are met, so a chain that began earlier shows
     * as DROPPED once; this suits a device that kept its position, not a new one. With a {@link Builder#state}
     * store, a null {@code lastSeenMessageId} resumes from the saved position and chains instead.
     *
     * @throws FriendKeyChangedException as {@link #join(ConversationInfo)}
     */
    public Conversation join(ConversationInfo info, UUID lastSeenMessageId) {
        Conversation joined = conversations.get(info.id());
        if (joined != null) {
            return joined;
        }
        IdentityPublicKey friendKey = checkedFriendKey(info);
        Conversation conversation = conversations.computeIfAbsent(info.id(), id -> new Conversation(this, info, userId,
                deviceId, identity, friendKey, lastSeenMessageId, new ConversationState(state, userId, deviceId, id)));
        if (socket.isOpen()) {
            events.execute(() -> catchUp(conversation));
        }
        return conversation;
    }

    /**
     * Joins a group: reads it (members, former members, their periods), then as {@link #joinGroup(GroupInfo)}.
     *
     * @throws FriendKeyChangedException as {@link #joinGroup(GroupInfo)}
     * @throws dev.parley.client.api.ChatApiException 404 {@code unknown_group} if the user is not a member now
     */
    public GroupConversation joinGroup(UUID groupId) {
        return joinGroup(api.groups().get(groupId));
    }

    /**
     * Joins a group as {@code GET /api/chat/groups/{id}} (or the list) gives it: checks every present and former
     * member's published key against the pinned one (pinning the first key seen, members who are not friends too),
     * derives the pair keys, catches up with the group's history (from the saved position with a
     * {@link Builder#state} store, else all of it), then takes its live messages. Joining a joined group takes the
     * given membership, which is how a group continues after {@link #acceptFriendKey} pinned a member's new key.
     *
     * @throws FriendKeyChangedException if the server gives another key for a member than the pinned one: nothing is
     *                                   derived from it until {@link #acceptFriendKey} pins it
     */
    public GroupConversation joinGroup(GroupInfo info) {
        GroupConversation joined = groups.get(info.id());
        if (joined != null) {
            joined.update(info);
            return joined;
        }
        GroupConversation group = new GroupConversation(this, info, userId, deviceId, identity,
                new GroupState(state, userId, deviceId, info.id()));
        GroupConversation first = groups.putIfAbsent(info.id(), group);
        if (first != null) {
            return first;
        }
        if (socket.isOpen()) {
            events.execute(() -> catchUp(group));
        }
        return group;
    }

    /**
     * Pins the key a {@link FriendKeyChangedException} named, once the user compared its safety number with the
     * friend; joining the conversation then derives its key from it. Only that exact key is accepted: if the server
     * presents yet another one, joining raises the warning again.
     */
    public void acceptFriendKey(FriendKeyChangedException change) {
        pins.pin(change.friendId(), change.presentedKey());
    }

    /**
     * The friend's key checked against the pin before anything is derived from it (PROTOCOL.md §5): the first key
     * seen is pinned, a different one later is refused until the user accepts it.
     */
    private IdentityPublicKey checkedFriendKey(ConversationInfo info) {
        if (info.friend() == null) {
            throw new IllegalArgumentException("The other member of conversation " + info.id() + " no longer exists");
        }
        return checkedKey(info.friend().userId(), info.friend().username(), info.friend().publicKey());
    }

    /**
     * A friend's or group member's published key, checked against the pin (pinned if it is the first seen).
     *
     * @throws FriendKeyChangedException if it differs from the pinned key
     */
    IdentityPublicKey checkedKey(UUID otherUserId, String username, String publishedKey) {
        IdentityPublicKey presented = IdentityPublicKey.fromBase64Url(publishedKey);
        Optional<IdentityPublicKey> pinned = pins.pinned(otherUserId);
        if (pinned.isEmpty()) {
            pins.pin(otherUserId, presented);
            return presented;
        }
        if (!pinned.get().equals(presented)) {
            throw new FriendKeyChangedException(otherUserId, username, pinned.get(), presented,
                    SafetyNumber.of(identity.publicKey(), pinned.get()), SafetyNumber.of(identity.publicKey(), presented));
        }
        return presented;
    }

    /** Hands the server a new access token, so the open socket outlives the one it was opened with. */
    public CompletableFuture<Void> refreshToken(String accessToken) {
        ObjectNode frame = JSON.createObjectNode().put("type", "refresh").put("token", accessToken);
        return socket.send(frame.toString());
    }

    @Override
    public void close() {
        socket.close();
    }

    CompletableFuture<SendReceipt> send(Conversation conversation, String text) {
        String clientId = UUID.randomUUID().toString();
        CompletableFuture<SendReceipt> receipt = new CompletableFuture<>();
        // Sealing and queueing under one lock: the server must see a device's messages in seq order.
        synchronized (sendLock) {
            MessageEnvelope envelope = conversation.seal(text);
            pending.put(clientId, new PendingSend.ToConversation(PendingSend.frame(clientId, envelope.toJson()), conversation,
                    receipt));
            sendWaiting();
        }
        return receipt;
    }

    /** Queues a group message; it is sealed when the group's message before it is stored (PendingSend.ToGroup). */
    CompletableFuture<GroupSendReceipt> send(GroupConversation group, MessageBody body) {
        String clientId = UUID.randomUUID().toString();
        CompletableFuture<GroupSendReceipt> receipt = new CompletableFuture<>();
        synchronized (sendLock) {
            pending.put(clientId, new PendingSend.ToGroup(clientId, group, body, receipt, groupsAwaitingAnswer));
            sendWaiting();
        }
        return receipt;
    }

    /**
     * Sends what waits, oldest first, while the socket is ready, not paused, and the window has room (under
     * sendLock). The sends on the socket are the oldest ones, so only they are skipped before the first to send.
     */
    private void sendWaiting() {
        if (!ready || paused || inFlight.size() >= SEND_WINDOW) {
            return;
        }
        synchronized (pending) {
            Iterator<Map.Entry<String, PendingSend>> waiting = pending.entrySet().iterator();
            while (waiting.hasNext() && inFlight.size() < SEND_WINDOW) {
                Map.Entry<String, PendingSend> entry = waiting.next();
                if (inFlight.contains(entry.getKey())) {
                    continue;
                }
                String frame;
                try {
                    frame = entry.getValue().frame();
                } catch (RuntimeException sealingFailed) {
                    // A group message the client cannot seal (the user is no member of the epoch, a member has no
                    // key): it never reaches the server. Completed on the event thread, outside these locks.
                    waiting.remove();
                    events.execute(() -> entry.getValue().failed(sealingFailed));
                    continue;
                }
                if (frame != null) {
                    inFlight.add(entry.getKey());
                    socket.send(frame);
                }
            }
        }
    }

    /** The server answered a send: its place in the window is free. */
    private void answered(String clientId, PendingSend send) {
        synchronized (sendLock) {
            inFlight.remove(clientId);
            if (send != null) {
                send.settled();
            }
            sendWaiting();
        }
    }

    private void handle(String text, int connection) {
        ServerFrame frame = readFrame(text);
        if (frame instanceof ServerFrame.Ready) {
            ready(connection);
        } else if (frame instanceof ServerFrame.Ack ack) {
            acknowledged(ack);
        } else if (frame instanceof ServerFrame.Message message) {
            message(message);
        } else if (frame instanceof ServerFrame.Delivered delivered) {
            listener.onDelivered(new DeliveryReceipt(delivered.conversationId(), delivered.upTo(),
                    delivered.deliveredAt()));
        } else if (frame instanceof ServerFrame.Presence presence) {
            listener.onPresence(new PresenceUpdate(presence.userId(), presence.online(), presence.lastSeen()));
        } else if (frame instanceof ServerFrame.GroupMessage message) {
            groupMessage(message);
        } else if (frame instanceof ServerFrame.GroupDelivered delivered) {
            listener.onGroupDelivered(new GroupMemberReceipt(delivered.groupId(), delivered.userId(), delivered.upTo(),
                    delivered.at()));
        } else if (frame instanceof ServerFrame.GroupRead read) {
            listener.onGroupRead(new GroupMemberReceipt(read.groupId(), read.userId(), read.upTo(), read.at()));
        } else if (frame instanceof ServerFrame.GroupChanged changed) {
            groupChanged(changed);
        } else if (frame instanceof ServerFrame.Error error) {
            refused(new ChatError(error.code(), error.message(), error.id()));
        }
        // "refreshed" and frame types of later versions need nothing here.
    }

    private void ready(int connection) {
        if (!socket.isCurrent(connection)) {
            return; // that socket closed since; the next one says ready in its turn
        }
        socket.established();
        synchronized (sendLock) {
            // Every unacknowledged send goes again, in order: what was on the closed socket is lost or stored.
            inFlight.clear();
            paused = false;
            ready = true;
            sendWaiting();
        }
        conversations.values().forEach(this::catchUp);
        groups.values().forEach(this::catchUp);
        firstReady.complete(null);
        listener.onReady();
    }

    /** Reads what the conversation missed, oldest first; for a new device that is the whole history. */
    private void catchUp(Conversation conversation) {
        UUID id = conversation.id();
        try {
            History.missed(conversation.lastSeen(), StoredMessage::id,
                    () -> page(api.newest(id, HISTORY_PAGE)),
                    oldest -> page(api.before(id, oldest, HISTORY_PAGE)),
                    newest -> page(api.after(id, newest, HISTORY_PAGE)))
                    .forEach(message -> received(conversation, message, false));
        } catch (RuntimeException e) {
            listener.onError(new ChatError("catch_up_failed", "Could not read the history of conversation "
                    + id + ": " + e.getMessage(), null));
        }
    }

    /**
     * Reads the group again (its membership may have changed while the socket was closed; {@code group-changed} is
     * live only), then what it missed, oldest first.
     */
    private void catchUp(GroupConversation group) {
        UUID id = group.id();
        if (!refresh(group)) {
            return;
        }
        try {
            History.missed(group.lastSeen(), StoredGroupMessage::id,
                    () -> page(api.groups().newest(id, HISTORY_PAGE)),
                    oldest -> page(api.groups().before(id, oldest, HISTORY_PAGE)),
                    newest -> page(api.groups().after(id, newest, HISTORY_PAGE)))
                    .forEach(message -> received(group, message, false));
        } catch (RuntimeException e) {
            listener.onError(new ChatError("catch_up_failed", "Could not read the history of group " + id + ": "
                    + e.getMessage(), null));
        }
    }

    /**
     * Reads the group's membership and keys again; false when the user is no member of it any more (the listener
     * is told once), or when it could not be taken (the listener is told why).
     */
    private boolean refresh(GroupConversation group) {
        try {
            group.update(api.groups().get(group.id()));
            return true;
        } catch (ChatApiException e) {
            if (e.status() == 404) {
                if (group.isMember()) {
                    group.noLongerMember();
                    listener.onNoLongerGroupMember(group.id());
                }
            } else {
                listener.onError(new ChatError("group_read_failed", "Could not read group " + group.id() + ": "
                        + e.getMessage(), null));
            }
        } catch (FriendKeyChangedException change) {
            listener.onGroupMemberKeyChanged(group.id(), change);
        } catch (RuntimeException e) {
            listener.onError(new ChatError("group_read_failed", "Could not read group " + group.id() + ": "
                    + e.getMessage(), null));
        }
        return false;
    }

    private static History.Page<StoredMessage> page(HistoryPage page) {
        return new History.Page<>(page.messages(), page.hasMore());
    }

    private static History.Page<StoredGroupMessage> page(GroupHistoryPage page) {
        return new History.Page<>(page.messages(), page.hasMore());
    }

    private void acknowledged(ServerFrame.Ack ack) {
        PendingSend send = pending.remove(ack.id());
        answered(ack.id(), send);
        if (send != null) {
            send.stored(ack);
        }
    }

    private void message(ServerFrame.Message frame) {
        Conversation conversation = conversations.get(frame.conversationId());
        if (conversation == null) {
            listener.onMessageForUnjoinedConversation(frame.conversationId());
            return;
        }
        received(conversation, new StoredMessage(frame.messageId(), frame.conversationId(), frame.senderId(),
                frame.storedAt(), null, frame.envelope().toString()), true);
    }

    private void received(Conversation conversation, StoredMessage stored, boolean live) {
        ReceivedMessage message = conversation.receive(stored, live);
        if (message == null) {
            return;
        }
        listener.onMessage(message);
        if (!stored.senderId().equals(userId)) {
            confirmLater(unconfirmed, "delivered", "conversationId", conversation.id(), stored.id());
        }
    }

    private void groupMessage(ServerFrame.GroupMessage frame) {
        GroupConversation group = groups.get(frame.groupId());
        if (group == null) {
            listener.onMessageForUnjoinedGroup(frame.groupId());
            return;
        }
        received(group, new StoredGroupMessage(frame.messageId(), frame.groupId(), frame.senderId(), frame.epoch(),
                frame.storedAt(), frame.envelope().toString()), true);
    }

    private void received(GroupConversation group, StoredGroupMessage stored, boolean live) {
        if (stored.epoch() > group.epoch()) {
            // Sealed for a membership this client has not read yet (its group-changed may still be on the way):
            // without it the sender would not count as a member of that epoch.
            refresh(group);
        }
        ReceivedGroupMessage message = group.receive(stored, live);
        if (message == null) {
            return;
        }
        listener.onGroupMessage(message);
        if (!stored.senderId().equals(userId)) {
            confirmLater(unconfirmedGroups, "group-delivered", "groupId", group.id(), stored.id());
        }
    }

    private void groupChanged(ServerFrame.GroupChanged frame) {
        GroupConversation group = groups.get(frame.groupId());
        if (group != null) {
            refresh(group);
        }
        listener.onGroupChanged(frame.groupId(), frame.change());
    }

    /**
     * Confirms delivery once per conversation (or group) per delay, naming the newest message: the server covers the
     * rest.
     *
     * @param unconfirmed the newest message not confirmed yet, per conversation or per group
     * @param type        the frame: {@code delivered} or {@code group-delivered}
     * @param idField     the frame's field naming the conversation or group
     */
    private void confirmLater(Map<UUID, UUID> unconfirmed, String type, String idField, UUID id, UUID messageId) {
        if (unconfirmed.put(id, messageId) == null) {
            SHARED_TIMER.schedule(() -> events.execute(() -> confirm(unconfirmed, type, idField, id)),
                    deliveredDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void confirm(Map<UUID, UUID> unconfirmed, String type, String idField, UUID id) {
        UUID upTo = unconfirmed.remove(id);
        if (upTo != null) {
            ObjectNode frame = JSON.createObjectNode().put("type", type).put(idField, id.toString())
                    .put("upTo", upTo.toString());
            socket.send(frame.toString());
        }
    }

    private void refused(ChatError error) {
        PendingSend send = error.clientMessageId() == null ? null : pending.get(error.clientMessageId());
        if (send == null) {
            listener.onError(error);
            return;
        }
        if (STALE_EPOCH.equals(error.code()) && send instanceof PendingSend.ToGroup groupSend && groupSend.mayReseal()) {
            reseal(groupSend);
            return;
        }
        if (RETRYABLE.contains(error.code())) {
            synchronized (sendLock) {
                inFlight.remove(error.clientMessageId());
                if (!paused) {
                    paused = true;
                    SHARED_TIMER.schedule(() -> events.execute(this::resume), RETRY_PAUSE.toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }
            return;
        }
        giveUp(error.clientMessageId(), send, new ChatSendException(error));
    }

    private void giveUp(String clientId, PendingSend send, RuntimeException failure) {
        pending.remove(clientId);
        answered(clientId, send);
        send.failed(failure);
    }

    /**
     * The group's membership changed since the message was sealed, and nothing was stored: reads the group again and
     * seals the message anew for the new members in the same place of the chain, so that readers see no gap. A
     * member's changed key or the user's removal fails the send instead.
     */
    private void reseal(PendingSend.ToGroup send) {
        try {
            send.group().update(api.groups().get(send.group().id()));
            synchronized (sendLock) {
                send.reseal();
                inFlight.remove(send.clientId());
                sendWaiting();
            }
        } catch (RuntimeException e) {
            giveUp(send.clientId(), send, e);
        }
    }

    /**
     * The pause after a retryable refusal is over: the refused sends go again, oldest first, before any later one.
     * (Not ready: they go with the others when the server next says ready.)
     */
    private void resume() {
        synchronized (sendLock) {
            paused = false;
            sendWaiting();
        }
    }

    private void disconnected(int code, String reason, boolean reconnecting) {
        boolean sessionEnded = code == ChatSocket.SESSION_ENDED;
        if (!reconnecting) {
            RuntimeException failure = sessionEnded ? new SessionEndedException(reason)
                    : new ChatSendException(new ChatError("disconnected", "The chat connection closed: " + reason, null));
            synchronized (pending) {
                pending.values().forEach(send -> send.failed(failure));
                pending.clear();
            }
            firstReady.completeExceptionally(sessionEnded ? failure
                    : new IllegalStateException("The chat connection closed: " + code + " " + reason));
        }
        listener.onDisconnected(code, reason, reconnecting);
        if (sessionEnded) {
            listener.onSessionEnded();
        }
    }

    private URI socketAddress(URI server) {
        return URI.create(server.toString().replaceFirst("^http", "ws").replaceAll("/+$", "") + "/ws/chat?device="
                + deviceId.toBase64Url());
    }

    /** The frame, or {@link ServerFrame.Other} for text that is not a frame of this protocol: it is ignored. */
    private static ServerFrame readFrame(String text) {
        try {
            return FRAMES.readValue(text);
        } catch (IOException e) {
            return new ServerFrame.Other();
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Everything a client needs: where the server is, who the user is, and this device. */
    public static final class Builder {

        private List<URI> servers;
        private HttpClient http;
        private UUID userId;
        private IdentityKeyPair identity;
        private DeviceId deviceId;
        private Supplier<String> accessToken;
        private ChatListener listener = new ChatListener() {
        };
        private Executor executor;
        private Duration deliveredDelay = Duration.ofSeconds(1);
        private PinnedKeys pins;
        private ClientStateStore state;

        private Builder() {
        }

        /**
         * Where friends' keys are pinned: {@link PinnedKeys#inVault} for a user's client. Without it, pins last for
         * this client's life only.
         */
        public Builder pinnedKeys(PinnedKeys pins) {
            this.pins = pins;
            return this;
        }

        /**
         * Where each conversation's chains are kept (this device's sending chain, the checks of received messages,
         * the last message seen), so that a restarted client resumes them. Without it they last for this client's
         * life only, and a restarted device must use a new device id.
         */
        public Builder state(ClientStateStore state) {
            this.state = state;
            return this;
        }

        /** The gateway (or chat-service) address, such as {@code https://localhost:8443}. */
        public Builder server(URI server) {
            return servers(List.of(server));
        }

        /**
         * Addresses of the same chat service (chat-service instances without a gateway in front, say), tried in
         * turn: the client stays on one while it can connect to it and moves on to the next when a connect fails.
         */
        public Builder servers(List<URI> servers) {
            this.servers = List.copyOf(servers);
            return this;
        }

        /** Shared by many clients, an HttpClient keeps one selector thread for all their sockets. */
        public Builder httpClient(HttpClient http) {
            this.http = http;
            return this;
        }

        public Builder user(UUID userId, IdentityKeyPair identity) {
            this.userId = userId;
            this.identity = identity;
            return this;
        }

        public Builder deviceId(DeviceId deviceId) {
            this.deviceId = deviceId;
            return this;
        }

        /** Asked for at every connect and REST call: hand out a current access token. */
        public Builder accessToken(Supplier<String> accessToken) {
            this.accessToken = accessToken;
            return this;
        }

        public Builder listener(ChatListener listener) {
            this.listener = listener;
            return this;
        }

        /** Where the client handles events (one at a time per client); by default a pool shared by all clients. */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** How long received messages are gathered before their delivery is confirmed in one frame. */
        public Builder deliveredDelay(Duration deliveredDelay) {
            this.deliveredDelay = deliveredDelay;
            return this;
        }

        public ChatClient build() {
            return new ChatClient(this);
        }
    }
}
