package dev.parley.chat.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything chat-service can be tuned with; each key is also an environment variable (PARLEY_CHAT_...). */
@ConfigMapping(prefix = "parley.chat")
public interface ChatConfig {

    /**
     * A readable name for this process in connection events, heartbeats and Kafka client ids (the pod name, say;
     * the host name when unset). A random suffix is added at every start, so ids never repeat across restarts.
     */
    Optional<String> instanceId();

    /**
     * Origins whose pages may open the WebSocket (the web client's own origin). Upgrades without an Origin header
     * (Java and other non-browser clients) are allowed: Origin protects browsers' cookies and tokens only.
     */
    @WithDefault("https://localhost:8443")
    List<String> allowedOrigins();

    /** Largest accepted ciphertext of one message, in bytes after base64url decoding. */
    @WithDefault("65536")
    int maxCiphertextBytes();

    RateLimit rateLimit();

    Sockets sockets();

    History history();

    /**
     * How often an instance heartbeat goes to the connections topic, so presence can expire a dead instance. Read
     * by the scheduler (SocketMonitor), like sockets.check-interval.
     */
    @WithDefault("10s")
    Duration heartbeatInterval();

    Store store();

    Delivery delivery();

    /** Group commit of sends (MessageWriter). */
    interface Store {
        /** Sends waiting for a batch at most; past it a send is refused as {@code overloaded}, to be retried. */
        @WithDefault("2000")
        int maxQueued();

        /** Sends stored by one statement at most. */
        @WithDefault("256")
        int maxBatch();

        /**
         * Batches being stored at once. One makes the largest batches: PostgreSQL's cost is mostly per statement and
         * commit, so under load one batch at a time stores the most messages per CPU second.
         */
        @WithDefault("1")
        int maxBatchesInFlight();

        /**
         * How long a batch of fewer than {@link #readyBatch()} sends waits for more while sends arrive more often than
         * once in this time (a commit costs PostgreSQL about as much for one send as for ten); 0 never waits.
         */
        @WithDefault("2ms")
        Duration linger();

        /** Sends that make a batch start without waiting. */
        @WithDefault("16")
        int readyBatch();

        /**
         * The same for delivery reports: a batch of fewer than {@link #readyBatch()} waits up to this long for more
         * while they arrive more often than once in this time. Nobody waits on a report (a socket's frames go on
         * meanwhile), and the sender hears of the delivery this much later at most, against the second by which a
         * client already gathers its reports; PostgreSQL commits the reports in a few batches instead of one each.
         */
        @WithDefault("20ms")
        Duration reportLinger();
    }

    /** Live delivery between instances (DeliverySlot, DeliveryPublisher, PendingDeliverySweeper). */
    interface Delivery {
        /** A slot whose claim was not renewed for this long may be claimed by a starting instance. */
        @WithDefault("30s")
        Duration claimTimeout();

        /** How long Kafka may take to acknowledge a live frame before it counts as not published. */
        @WithDefault("5s")
        Duration publishTimeout();

        /** Stored messages whose live delivery was not confirmed for this long are published again. */
        @WithDefault("10s")
        Duration resendAfter();
    }

    interface RateLimit {
        /** Messages one connection may send per second, on average. */
        @WithDefault("50")
        int messagesPerSecond();

        /** Messages one connection may send at once after being quiet. */
        @WithDefault("100")
        int burst();

        /**
         * Typing frames one connection may send per second, on average (clients send one every 3 s or so while
         * their user types); more are dropped without an answer.
         */
        @WithDefault("0.5")
        double typingPerSecond();

        /** Typing frames one connection may send at once after being quiet. */
        @WithDefault("3")
        int typingBurst();
    }

    interface Sockets {
        /**
         * A socket that answered no ping and sent nothing for this long is closed (4008). Set it to a few times
         * quarkus.websockets-next.server.auto-ping-interval.
         */
        @WithDefault("90s")
        Duration unresponsiveAfter();

        /** How often open sockets are checked for an expired token or silence. */
        @WithDefault("1s")
        Duration checkInterval();

        /**
         * Send frames a socket may have waiting behind the one being stored; more are refused with the retryable
         * {@code overloaded}, so a client sending faster than its messages are stored cannot fill this service's
         * memory. Each waiting frame holds up to one envelope (max-ciphertext-bytes and a little).
         */
        @WithDefault("32")
        int maxWaitingSends();
    }

    interface History {
        @WithDefault("50")
        int defaultPageSize();

        @WithDefault("200")
        int maxPageSize();
    }
}
