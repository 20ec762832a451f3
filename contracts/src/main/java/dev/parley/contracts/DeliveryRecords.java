package dev.parley.contracts;

/**
 * The records of the {@link Topics#CHAT_MESSAGES} topic. They are not events: each carries, as its value, the exact
 * socket frame one user's clients are to receive (a stored message, a delivery receipt), so the instance holding
 * that user's sockets passes it on without decoding anything, and is written to the partition that instance reads.
 * A message reached by no live record (its sender's instance died before publishing, say) is read from history.
 */
public final class DeliveryRecords {

    /** The user id (text) whose open sockets get the frame. */
    public static final String RECIPIENT_HEADER = "parley-recipient";
    /** The public id of the message a frame carries, so that re-sends can be told apart in the log. */
    public static final String MESSAGE_ID_HEADER = "parley-message-id";
    /** When the message a frame carries was stored (ISO-8601 instant), for the send-to-delivery latency. */
    public static final String STORED_AT_HEADER = "parley-stored-at";

    private DeliveryRecords() {
    }
}
