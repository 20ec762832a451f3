package dev.parley.friend.service;

/** The texts users see (friend-service/README.md, API), in one place so each is written once. */
public final class Messages {

    public static final String FILL_IN_ALL_FIELDS = "Please fill in all fields";
    public static final String UNKNOWN_USERNAME = "Unknown username!";
    public static final String CANNOT_ADD_YOURSELF = "You can't add yourself as a friend!";
    public static final String REQUEST_ALREADY_SENT = "Friend request already sent!";
    public static final String ALREADY_FRIENDS = "You are already friends!";
    public static final String SELECT_TO_APPROVE = "Select at least one friend to approve.";
    public static final String SELECT_TO_REJECT = "Select at least one friend to reject.";
    public static final String APPROVED = "Friend requests approved successfully!";
    public static final String REJECTED = "Friend requests rejected successfully!";
    public static final String REQUEST_NOT_FOUND = "Friend request not found.";
    public static final String NOT_A_FRIEND = "This user is not among your friends.";
    /** As auth-service words it. */
    public static final String ACCOUNT_DELETED = "Your account no longer exists.";
    public static final String ACCOUNT_NOT_READY = "Your account is not known here yet. Try again in a moment.";

    private Messages() {
    }

    public static String requestSent(String username) {
        return "Friend request sent to " + username + ".";
    }

    public static String nowFriends(String username) {
        return "You are now friends with " + username + ".";
    }

    public static String noPendingRequestFrom(String username) {
        return "No pending friend request from " + username + ".";
    }

    public static String tooManySelected(int max) {
        return "Select at most " + max + " friend requests at once.";
    }

    /** After a rejection, for the cooling-off period; {@code wait} is already phrased ("23 hours", "5 minutes"). */
    public static String rejectedRecently(String username, String wait) {
        return "Your friend request to " + username + " was rejected. You can send a new one in " + wait + ".";
    }
}
