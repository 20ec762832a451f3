package dev.parley.client.chat;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.parley.client.api.ChatModels.GroupReceipt;

/**
 * "Delivered to n" and "read by n" for messages of one group (chat-service's README, group history): a member counts
 * for message m when their watermark (the newest message their client confirmed, or their read marker) is m or a
 * message after it in the history order. It starts from a history page's messages and {@code receipts}, and follows
 * newer messages and the {@code group-delivered} and {@code group-read} events; a watermark naming a message it has
 * not been told of yet counts once that message is added. Out of how many is the caller's: the other members of m's
 * epoch.
 */
public final class GroupReceiptCounts {

    private final UUID groupId;
    /** Each known message's place in the history order; older pages get lower numbers. */
    private final Map<UUID, Long> places = new HashMap<>();
    private final Map<UUID, UUID> deliveredUpTo = new HashMap<>();
    private final Map<UUID, UUID> readUpTo = new HashMap<>();
    private long oldest;
    private long newest = -1;

    /**
     * @param messages the page's message ids, oldest first
     * @param receipts the page's receipts, one per other current member
     */
    public GroupReceiptCounts(UUID groupId, List<UUID> messages, List<GroupReceipt> receipts) {
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        messages.forEach(this::newer);
        for (GroupReceipt receipt : receipts) {
            if (receipt.deliveredUpTo() != null) {
                deliveredUpTo.put(receipt.userId(), receipt.deliveredUpTo());
            }
            if (receipt.readUpTo() != null) {
                readUpTo.put(receipt.userId(), receipt.readUpTo());
            }
        }
    }

    /** A message newer than every one known: arrived live, sent, or on the next page. */
    public synchronized void newer(UUID messageId) {
        places.putIfAbsent(messageId, ++newest);
    }

    /** A page older than every message known (scrolling back), oldest first. */
    public synchronized void older(List<UUID> messageIds) {
        for (int i = messageIds.size() - 1; i >= 0; i--) {
            places.putIfAbsent(messageIds.get(i), --oldest);
        }
    }

    /** A member's client has the group's messages up to one; receipts of other groups are not this one's. */
    public synchronized void delivered(GroupMemberReceipt receipt) {
        if (receipt.groupId().equals(groupId)) {
            deliveredUpTo.put(receipt.userId(), receipt.upTo());
        }
    }

    /** A member read the group up to a message. */
    public synchronized void read(GroupMemberReceipt receipt) {
        if (receipt.groupId().equals(groupId)) {
            readUpTo.put(receipt.userId(), receipt.upTo());
        }
    }

    /** How many of {@code recipients} (the other members of the message's epoch) have the message. */
    public synchronized int deliveredTo(UUID messageId, Collection<UUID> recipients) {
        return covering(deliveredUpTo, messageId, recipients);
    }

    /** How many of {@code recipients} have read the message. */
    public synchronized int readBy(UUID messageId, Collection<UUID> recipients) {
        return covering(readUpTo, messageId, recipients);
    }

    private int covering(Map<UUID, UUID> watermarks, UUID messageId, Collection<UUID> recipients) {
        Long place = places.get(messageId);
        if (place == null) {
            return 0;
        }
        int count = 0;
        for (UUID recipient : recipients) {
            Long reached = places.get(watermarks.get(recipient));
            if (reached != null && reached >= place) {
                count++;
            }
        }
        return count;
    }
}
