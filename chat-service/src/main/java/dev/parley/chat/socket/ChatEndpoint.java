package dev.parley.chat.socket;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.chat.config.ChatConfig;
import dev.parley.chat.service.ConnectionEvents;
import dev.parley.chat.service.EnvelopeCheck;
import dev.parley.chat.service.GroupMessageService;
import dev.parley.chat.service.GroupReceipts;
import dev.parley.chat.service.GroupService;
import dev.parley.chat.service.MessageService;
import dev.parley.chat.service.StaleEpoch;
import dev.parley.chat.service.TypingService;
import dev.parley.chat.tracing.MessageTraces;
import dev.parley.revocations.RevokedSessions;
import dev.parley.revocations.RevokedTokenCheck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;

/**
 * The chat socket, /ws/chat. {@link ChatUpgradeCheck} has authenticated the upgrade; here the client's frames are
 * handled one at a time per socket, sends through the socket's bounded {@link SendQueue} (so one device's messages
 * are stored in the order it sent them, and a client sending faster than that is told to slow down instead of
 * filling this service's memory):
 * <ul>
 * <li>{@code send}: an envelope with a client message id, answered with {@code ack} or {@code error}; a group
 * message (its header names an epoch) goes to {@link GroupMessageService}, a 1:1 message to
 * {@link MessageService};</li>
 * <li>{@code delivered}: the client has the conversation's messages up to one, so their sender is told (handed to
 * the store without holding the socket's next frames; at most {@link #MAX_WAITING_REPORTS} of a socket wait);</li>
 * <li>{@code group-delivered}: the same for a group, whose senders are told;</li>
 * <li>{@code typing}: the user is typing in a conversation or group, so the other members' open clients are told
 * (rate-limited per socket, the excess dropped without an answer; nothing stored);</li>
 * <li>{@code refresh}: a new access token, so the socket outlives the one it was opened with.</li>
 * </ul>
 * Messages reach recipients through the chat-messages topic ({@code dev.parley.chat.messaging.Delivery}).
 */
@WebSocket(path = "/ws/chat", endpointId = ChatEndpoint.ID)
public class ChatEndpoint {

    static final String ID = "chat";

    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class);
    /** Delivery reports of one socket that may wait for the store at once; a client sends one per conversation a second. */
    static final int MAX_WAITING_REPORTS = 64;
    private static final int MAX_CLIENT_ID_LENGTH = 64;
    /**
     * Refusals of a checked envelope that a client retries as they are: its chain is held until it is stored. (A
     * rate_limited send is refused before its envelope is checked, so it holds nothing: the socket's allowance, not
     * the chain, decides when the next one goes through.)
     */
    private static final Set<String> RETRIED_AFTER_CHECK =
            Set.of(ErrorCode.OVERLOADED.wire(), ErrorCode.SERVER_ERROR.wire());
    /**
     * Room for the frame around the largest envelope: its base64url ciphertext plus header and the rest, and for a
     * group message a wrap for each other member of the largest group ({@code "<user id>":"<123 characters>",}).
     */
    private static final int FRAME_OVERHEAD = 4096 + (GroupService.MAX_MEMBERS - 1) * 170;

    private final MessageService messages;
    private final GroupMessageService groupMessages;
    private final GroupReceipts groupReceipts;
    private final TypingService typing;
    private final ConnectionEvents connectionEvents;
    private final LocalSockets sockets;
    private final JWTParser tokens;
    private final RevokedSessions revokedSessions;
    private final FrameWriter frames;
    private final SocketShutdown shutdown;
    private final MessageTraces traces;
    private final ClientFrameReader frameReader;
    private final int maxCiphertextBytes;
    private final int maxFrameChars;
    private final Counter refusedWaiting;

    ChatEndpoint(MessageService messages, GroupMessageService groupMessages, GroupReceipts groupReceipts,
            TypingService typing, ConnectionEvents connectionEvents, LocalSockets sockets,
            JWTParser tokens, RevokedSessions revokedSessions, FrameWriter frames, SocketShutdown shutdown,
            MessageTraces traces, ObjectMapper json, ChatConfig config, MeterRegistry metrics) {
        this.revokedSessions = revokedSessions;
        this.messages = messages;
        this.groupMessages = groupMessages;
        this.groupReceipts = groupReceipts;
        this.typing = typing;
        this.connectionEvents = connectionEvents;
        this.sockets = sockets;
        this.tokens = tokens;
        this.frames = frames;
        this.shutdown = shutdown;
        this.traces = traces;
        this.frameReader = new ClientFrameReader(json);
        this.maxCiphertextBytes = config.maxCiphertextBytes();
        this.maxFrameChars = (config.maxCiphertextBytes() + 2) / 3 * 4 + FRAME_OVERHEAD;
        this.refusedWaiting = Counter.builder("parley.chat.sends.refused").tag("reason", "socket_queue_full")
                .description("Sends refused because their socket had the most sends waiting").register(metrics);
    }

    /**
     * Ready is said only once the socket's route is recorded: from then on every message stored reaches it live
     * or is in the history the client fetches after ready. Live frames start only with ready (the socket joins the
     * local ones in the same task that writes ready): a client treats what comes before ready as news, and a live
     * message before its catch-up would hide the older ones it missed. A socket whose route cannot be recorded (the
     * database is down) is closed with 1011, and the client tries again.
     */
    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        SocketSession session = SocketSession.of(connection);
        traces.socketOpened(connection);
        return connectionEvents.opened(session.userId(), session.deviceId(), connection.id())
                .chain(() -> {
                    if (connection.isClosed()) {
                        return Uni.createFrom().voidItem();
                    }
                    sockets.add(session.userId(), connection);
                    return connection.sendText(frames.write(new Frames.Ready(session.userId(), session.tokenExpiresAt())));
                })
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Connection %s closed: its route was not recorded: %s", connection.id(), e.getMessage());
                    return connection.close(CloseCodes.NOT_REGISTERED);
                })
                .onFailure().recoverWithNull();
    }

    @OnClose
    public Uni<Void> onClose(WebSocketConnection connection) {
        SocketSession session = SocketSession.of(connection);
        session.sends().close();
        sockets.remove(session.userId(), connection);
        shutdown.announcing();
        return connectionEvents.closed(session.userId(), session.deviceId(), connection.id())
                .onFailure().invoke(e -> LOG.warnf("Connection %s closed but not announced: %s", connection.id(), e.getMessage()))
                .onFailure().recoverWithNull()
                .eventually(shutdown::announced);
    }

    @OnPongMessage
    public void onPong(Buffer data, WebSocketConnection connection) {
        SocketSession.of(connection).heard();
    }

    @OnTextMessage
    public Uni<Void> onText(String text, WebSocketConnection connection) {
        SocketSession session = SocketSession.of(connection);
        session.heard();
        if (shutdown.stopping()) {
            return reply(connection, new Frames.Error(ErrorCode.OVERLOADED,
                    "This server is stopping; try again.", null));
        }
        if (text.length() > maxFrameChars) {
            return reply(connection, error(EnvelopeCheck.tooLarge(maxCiphertextBytes), null));
        }
        ClientFrame frame = frameReader.read(text);
        if (frame == null) {
            return reply(connection, new Frames.Error(ErrorCode.BAD_FRAME, "A frame is a JSON object.", null));
        }
        if (frame instanceof ClientFrame.Send send) {
            return queueSend(send, session, connection);
        }
        if (frame instanceof ClientFrame.WrapNamedTwice refused) {
            return reply(connection, new Frames.Error(ErrorCode.BAD_ENVELOPE,
                    "keys must name each member once.", refused.id()));
        }
        if (frame instanceof ClientFrame.Delivered delivered) {
            return delivered(delivered, session, connection);
        }
        if (frame instanceof ClientFrame.GroupDelivered delivered) {
            return groupDelivered(delivered, session, connection);
        }
        if (frame instanceof ClientFrame.Typing typing) {
            return typing(typing, session, connection);
        }
        if (frame instanceof ClientFrame.Refresh refresh) {
            return refresh(refresh, session, connection);
        }
        return reply(connection, new Frames.Error(ErrorCode.BAD_FRAME, "Unknown frame type.", null));
    }

    /**
     * Hands the send to the socket's {@link SendQueue} and returns at once, so that websockets-next's own unbounded
     * queue never holds send frames; past the queue's capacity the frame is refused as {@code overloaded} and its chain
     * held, as when the store itself is too busy.
     */
    private Uni<Void> queueSend(ClientFrame.Send frame, SocketSession session, WebSocketConnection connection) {
        if (session.sends().offer(() -> send(frame, session, connection))) {
            return Uni.createFrom().voidItem();
        }
        refusedWaiting.increment();
        session.hold(chain(frame.envelope()), seq(frame.envelope()));
        return reply(connection, new Frames.Error(ErrorCode.OVERLOADED,
                "Too many messages are waiting on this connection; send this one again later.", frame.id()));
    }

    private Uni<Void> send(ClientFrame.Send frame, SocketSession session, WebSocketConnection connection) {
        String clientId = frame.id();
        if (clientId == null || clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID_LENGTH) {
            return reply(connection, new Frames.Error(ErrorCode.BAD_FRAME,
                    "A send needs an id of 1 to " + MAX_CLIENT_ID_LENGTH + " characters.", null));
        }
        JsonNode envelope = frame.envelope();
        String chain = chain(envelope);
        long seq = seq(envelope);
        if (session.held(chain, seq)) {
            return reply(connection, new Frames.Error(ErrorCode.OVERLOADED,
                    "An earlier message of this conversation was not stored yet; send it first.", clientId));
        }
        if (!session.allowSend()) {
            return reply(connection, new Frames.Error(ErrorCode.RATE_LIMITED,
                    "Too many messages; slow down.", clientId));
        }
        Span trace = traces.startSend(connection);
        Context sendContext = Context.root().with(trace);
        return store(session, envelope, clientId, sendContext)
                .map(ack -> {
                    session.stored(chain, seq);
                    return frames.write(ack);
                })
                .onFailure().recoverWithItem(failure -> {
                    Frames.Error refusal = error(failure, clientId);
                    trace.setStatus(StatusCode.ERROR, refusal.code());
                    if (RETRIED_AFTER_CHECK.contains(refusal.code())) {
                        session.hold(chain, seq);
                    }
                    return frames.write(refusal);
                })
                .chain(connection::sendText)
                .eventually(() -> trace.end());
    }

    /** Stores a 1:1 or a group message, as its header says (a group message's names an epoch); its ack. */
    private Uni<Frames.ServerFrame> store(SocketSession session, JsonNode envelope, String clientId, Context trace) {
        if (EnvelopeCheck.isGroupMessage(envelope)) {
            return groupMessages.send(session.userId(), session.deviceId(), envelope, trace)
                    .map(stored -> new Frames.GroupAck(clientId, stored.groupId(), stored.messageId(),
                            stored.storedAt(), stored.duplicate()));
        }
        return messages.send(session.userId(), session.deviceId(), envelope, trace)
                .map(stored -> new Frames.Ack(clientId, stored.message().conversationId, stored.message().publicId,
                        stored.message().storedAt, stored.duplicate()));
    }

    /** The send's position in its chain, as the header says (0 when it says none; the check refuses it later). */
    private static long seq(JsonNode envelope) {
        return envelope == null ? 0 : envelope.path("header").path("seq").asLong(0);
    }

    /** The chain a send belongs to (conversation and device, as the header says), for holding retried sends. */
    private static String chain(JsonNode envelope) {
        JsonNode header = envelope == null ? null : envelope.path("header");
        return header == null ? "" : header.path("conv").asText("") + "/" + header.path("device").asText("");
    }

    private Uni<Void> delivered(ClientFrame.Delivered frame, SocketSession session, WebSocketConnection connection) {
        if (frame.conversationId() == null || frame.upTo() == null) {
            return reply(connection, new Frames.Error(ErrorCode.BAD_FRAME,
                    "delivered needs a conversationId and upTo.", null));
        }
        if (!session.startReport(MAX_WAITING_REPORTS)) {
            return reply(connection, new Frames.Error(ErrorCode.OVERLOADED,
                    "Too many delivery reports are waiting on this connection; send it again later.", null));
        }
        // Not returned: reports wait for a batch (report-linger), and websockets-next would hold the socket's next
        // frames, its sends among them, until this one's Uni ends.
        messages.confirmDelivered(session.userId(), frame.conversationId(), frame.upTo())
                .onFailure().recoverWithUni(failure -> reply(connection, error(failure, null)))
                .eventually(session::reportDone)
                .subscribe().with(ignored -> {
                }, failure -> LOG.debugf("Could not answer a delivery report on %s: %s", connection.id(),
                        failure.getMessage()));
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> groupDelivered(ClientFrame.GroupDelivered frame, SocketSession session,
            WebSocketConnection connection) {
        if (frame.groupId() == null || frame.upTo() == null) {
            return reply(connection, new Frames.Error(ErrorCode.BAD_FRAME,
                    "group-delivered needs a groupId and upTo.", null));
        }
        return groupReceipts.confirmDelivered(session.userId(), frame.groupId(), frame.upTo())
                .onFailure().recoverWithUni(failure -> reply(connection, error(failure, null)));
    }

    /**
     * Over the socket's allowance a typing frame is dropped without an answer: an indicator arriving late is worthless,
     * and an error per frame would only add traffic. Only a frame within it is checked (membership, friendship).
     */
    private Uni<Void> typing(ClientFrame.Typing frame, SocketSession session, WebSocketConnection connection) {
        UUID conversationId = frame.conversationId();
        UUID groupId = frame.groupId();
        if ((conversationId == null) == (groupId == null)) {
            return reply(connection, new Frames.Error(ErrorCode.BAD_FRAME,
                    "typing needs a conversationId or a groupId.", null));
        }
        if (!session.allowTyping()) {
            typing.rateLimited();
            return Uni.createFrom().voidItem();
        }
        Uni<Void> relayed = groupId != null ? typing.groupTyping(session.userId(), groupId)
                : typing.typing(session.userId(), conversationId);
        return relayed.onFailure().recoverWithUni(failure -> reply(connection, error(failure, null)));
    }

    /** Checks the token off the event loop: verifying it may fetch the issuer's keys. */
    private Uni<Void> refresh(ClientFrame.Refresh frame, SocketSession session, WebSocketConnection connection) {
        String token = frame.token();
        return Uni.createFrom().item(() -> {
                    try {
                        return tokens.parse(token);
                    } catch (ParseException e) {
                        return null;
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(parsed -> {
                    if (parsed == null || !session.userId().toString().equals(parsed.getSubject())
                            || revokedSessions.isRevoked(parsed.getClaim(RevokedTokenCheck.SESSION_CLAIM))) {
                        LOG.debugf("Connection %s closed: refresh with a token that is not valid for its user", connection.id());
                        return connection.close(CloseCodes.TOKEN_REJECTED);
                    }
                    Instant expiresAt = Instant.ofEpochSecond(parsed.getExpirationTime());
                    session.tokenRefreshed(expiresAt, parsed.getClaim(RevokedTokenCheck.SESSION_CLAIM));
                    return reply(connection, new Frames.Refreshed(expiresAt));
                });
    }

    private Frames.Error error(Throwable failure, String clientId) {
        if (failure instanceof StaleEpoch stale) {
            return new Frames.Error(stale.error().wire(), stale.getMessage(), clientId, stale.currentEpoch());
        }
        if (failure instanceof ApiException api) {
            return new Frames.Error(api.error(), api.getMessage(), clientId);
        }
        LOG.errorf(failure, "Handling a frame failed");
        return new Frames.Error(ErrorCode.SERVER_ERROR, "Something went wrong on our side; try again.", clientId);
    }

    private Uni<Void> reply(WebSocketConnection connection, Frames.ServerFrame frame) {
        return connection.sendText(frames.write(frame));
    }
}
