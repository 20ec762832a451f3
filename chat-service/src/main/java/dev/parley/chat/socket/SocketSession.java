package dev.parley.chat.socket;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.bucket4j.Bucket;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * What chat-service keeps about one open socket, in the connection's user data: whose it is, until when its token
 * is valid, when the client was last heard from, and its send and typing allowances.
 */
public final class SocketSession {

    static final UserData.TypedKey<SocketSession> KEY = new UserData.TypedKey<>("parley.chat.session");

    private final UUID userId;
    private volatile String sessionId;
    private final String deviceId;
    private final Bucket sendAllowance;
    private final Bucket typingAllowance;
    /**
     * Per chain (conversation and device), the sends refused with a retryable error and not stored since
     * ({@link Hold}): later ones of that chain are refused too until those are, so a retried message is never
     * overtaken by the next one.
     */
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private volatile Instant tokenExpiresAt;
    private volatile long lastHeardNanos;
    private final SendQueue sends;
    /** Delivery reports of this socket not stored yet ({@link #startReport}). */
    private final AtomicInteger reportsWaiting = new AtomicInteger();

    /**
     * @param sendAllowance the send frames this socket may send ({@link #allowance})
     * @param maxWaitingSends send frames that may wait behind the one being stored ({@link SendQueue})
     * @param typingAllowance the allowance of typing frames, apart from the sends'
     */
    SocketSession(UUID userId, String sessionId, String deviceId, Instant tokenExpiresAt, Bucket sendAllowance,
            int maxWaitingSends, Bucket typingAllowance) {
        this.userId = userId;
        this.sends = new SendQueue(maxWaitingSends);
        this.sessionId = sessionId;
        this.deviceId = deviceId;
        this.tokenExpiresAt = tokenExpiresAt;
        this.sendAllowance = sendAllowance;
        this.typingAllowance = typingAllowance;
        this.lastHeardNanos = System.nanoTime();
    }

    /**
     * A token bucket of frames: {@code perSecond} per second on average (a fraction for fewer than one, e.g. 0.5 is
     * one every 2 s), up to {@code burst} at once after a quiet spell.
     */
    static Bucket allowance(double perSecond, int burst) {
        Duration oneFrameBack = Duration.ofNanos(Math.round(1e9 / perSecond));
        return Bucket.builder().addLimit(limit -> limit.capacity(burst).refillGreedy(1, oneFrameBack)).build();
    }

    static SocketSession of(WebSocketConnection connection) {
        return connection.userData().get(KEY);
    }

    SendQueue sends() {
        return sends;
    }

    public UUID userId() {
        return userId;
    }

    /** The session (the {@code sid} of its access token) the socket was opened in, or after an in-band refresh. */
    String sessionId() {
        return sessionId;
    }

    /** The client's device id (base64url of 16 bytes), as it named itself when connecting. */
    public String deviceId() {
        return deviceId;
    }

    Instant tokenExpiresAt() {
        return tokenExpiresAt;
    }

    /** An in-band refresh: the socket lives until the new token expires, in the new token's session. */
    void tokenRefreshed(Instant expiresAt, String newSessionId) {
        tokenExpiresAt = expiresAt;
        sessionId = newSessionId;
    }

    /** A frame or a pong arrived: the client is alive. */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    long nanosSinceHeard() {
        return System.nanoTime() - lastHeardNanos;
    }

    /**
     * A chain's refused sends: from the lowest one not stored since, through the highest one refused. Only the send
     * at {@code from} may be stored next; each one stored lets the following one through, until the highest refused
     * one is stored and the chain is free. (Holding only from the lowest refused send and freeing the chain once that
     * one was stored let a new send overtake later refused ones: a client retrying a burst of refused sends saw some
     * refused again, and a send after them stored before them, which its recipient rightly took for a gap.)
     */
    private record Hold(long from, long through) {
    }

    /** Whether a send at this chain position must wait for an earlier refused one of its chain. */
    boolean held(String chain, long seq) {
        Hold hold = holds.get(chain);
        return hold != null && seq > hold.from();
    }

    /** A send was refused with a retryable error: hold its chain from there. */
    void hold(String chain, long seq) {
        holds.merge(chain, new Hold(seq, seq),
                (held, refused) -> new Hold(Math.min(held.from(), seq), Math.max(held.through(), seq)));
    }

    /** A send was stored: the next one of its chain may follow, and the chain is free once every refused one was. */
    void stored(String chain, long seq) {
        holds.computeIfPresent(chain, (ignored, hold) -> {
            if (seq < hold.from()) {
                return hold;
            }
            return seq >= hold.through() ? null : new Hold(seq + 1, hold.through());
        });
    }

    boolean allowSend() {
        return sendAllowance.tryConsume(1);
    }

    boolean allowTyping() {
        return typingAllowance.tryConsume(1);
    }

    /**
     * A delivery report is handed to the store and the socket's next frames go on meanwhile; false when
     * {@code max} of its reports are waiting already (a client gathers its reports, one per conversation a second).
     */
    boolean startReport(int max) {
        if (reportsWaiting.incrementAndGet() > max) {
            reportsWaiting.decrementAndGet();
            return false;
        }
        return true;
    }

    void reportDone() {
        reportsWaiting.decrementAndGet();
    }
}
