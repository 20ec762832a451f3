package dev.parley.chat.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.chat.ChatGroup;
import dev.parley.chat.GroupChange;
import dev.parley.chat.GroupChange.Kind;
import dev.parley.chat.GroupMember;
import dev.parley.chat.KnownUser;
import dev.parley.chat.config.ChatConfig;
import dev.parley.chat.repository.FriendshipRepository;
import dev.parley.chat.repository.GroupChangeRepository;
import dev.parley.chat.repository.GroupMemberRepository;
import dev.parley.chat.repository.GroupMessageRepository;
import dev.parley.chat.repository.GroupMessageRepository.Activity;
import dev.parley.chat.repository.GroupRepository;
import dev.parley.chat.repository.KnownUserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Groups of 2 to 50 members and their membership record. Only friends are added: the creator's friends at creation,
 * later a member's own friend. A friendship ending removes nobody. Every change but a rename raises the epoch; each
 * is recorded as a line the room shows. A change locks the group's row first, so changes of one group are applied one
 * after another. Refusals fail the transaction, so nothing of a refused change is stored.
 */
@ApplicationScoped
public class GroupService {

    public static final int MAX_MEMBERS = 50;

    private static final Logger LOG = Logger.getLogger(GroupService.class);

    /** A page of a group's membership record, oldest first; {@code hasMore}: newer changes follow. */
    public record ChangePage(List<GroupChange> changes, boolean hasMore) {
    }

    private final GroupRepository groups;
    private final GroupMemberRepository members;
    private final GroupChangeRepository changes;
    private final FriendshipRepository friendships;
    private final KnownUserRepository users;
    private final GroupMessageRepository groupMessages;
    private final ChatConfig config;
    private final Clock clock;

    GroupService(GroupRepository groups, GroupMemberRepository members, GroupChangeRepository changes,
            FriendshipRepository friendships, KnownUserRepository users, GroupMessageRepository groupMessages,
            ChatConfig config, Clock clock) {
        this.groups = groups;
        this.members = members;
        this.changes = changes;
        this.friendships = friendships;
        this.users = users;
        this.groupMessages = groupMessages;
        this.config = config;
        this.clock = clock;
    }

    /** A group of the creator and some of their friends, in epoch 1. */
    @WithTransaction
    public Uni<GroupChanged> create(UUID creatorId, String name, List<UUID> memberIds) {
        return Uni.createFrom().item(() -> GroupNames.normalized(name))
                .call(() -> requireValidMembers(creatorId, memberIds))
                .chain(normalized -> store(creatorId, normalized, memberIds, now()));
    }

    /** The user's current groups, the most recently active first (newest message or change). */
    @WithSession
    public Uni<List<GroupView>> list(UUID userId) {
        return groups.currentOf(userId).chain(found -> views(userId, found))
                .map(views -> views.stream().sorted(Comparator.comparing(GroupView::lastActivity).reversed()).toList());
    }

    /** One of the user's current groups; the same 404 for a group they are not in as for one that does not exist. */
    @WithSession
    public Uni<GroupView> get(UUID userId, UUID groupId) {
        return groups.findById(groupId)
                .onItem().ifNull().failWith(GroupService::unknownGroup)
                .call(group -> requireMember(group.id, userId))
                .chain(group -> view(userId, group));
    }

    /** A member adds one of their own friends; the epoch moves on. */
    @WithTransaction
    public Uni<GroupChanged> add(UUID actorId, UUID groupId, UUID userId) {
        return lockAsMember(actorId, groupId)
                .call(group -> requireNotMember(group.id, userId))
                .call(() -> requireFriends(actorId, List.of(userId)))
                .call(group -> requireRoomFor(group.id))
                .chain(group -> {
                    Instant now = now();
                    raiseEpoch(group, now);
                    return members.join(group.id, userId, group.epoch, now)
                            .chain(() -> changes.record(group.id, Kind.ADDED, actorId, userId, group.epoch, null, now))
                            .chain(change -> changed(actorId, group, change, List.of()));
                });
    }

    /** The creator removes another member; the epoch moves on, and the removed member is told too. */
    @WithTransaction
    public Uni<GroupChanged> remove(UUID actorId, UUID groupId, UUID userId) {
        return lockAsMember(actorId, groupId)
                .invoke(group -> requireCreatorRemovingAnother(group, actorId, userId))
                .chain(group -> members.current(group.id, userId)
                        .onItem().ifNull().failWith(GroupService::notAMember)
                        .chain(member -> end(group, member, Kind.REMOVED, actorId)));
    }

    /** The member leaves; a creator who leaves leaves the group without one (nobody can remove members then). */
    @WithTransaction
    public Uni<GroupChanged> leave(UUID userId, UUID groupId) {
        return lockAsMember(userId, groupId)
                .chain(group -> members.current(group.id, userId)
                        .chain(member -> end(group, member, Kind.LEFT, userId)));
    }

    /** Any member renames the group; membership did not change, so neither does the epoch. */
    @WithTransaction
    public Uni<GroupChanged> rename(UUID actorId, UUID groupId, String name) {
        return Uni.createFrom().item(() -> GroupNames.normalized(name))
                .chain(normalized -> lockAsMember(actorId, groupId).chain(group -> {
                    Instant now = now();
                    group.name = normalized;
                    group.changedAt = now;
                    return changes.record(group.id, Kind.RENAMED, actorId, null, group.epoch, normalized, now)
                            .chain(change -> changed(actorId, group, change, List.of()));
                }));
    }

    /** A page of the group's membership record after the change {@code after} (from the first without), oldest first. */
    @WithSession
    public Uni<ChangePage> changes(UUID userId, UUID groupId, UUID after, Integer limit) {
        return PageSize.of(config.history(), limit).chain(size -> groups.findById(groupId)
                .onItem().ifNull().failWith(GroupService::unknownGroup)
                .call(group -> requireMember(group.id, userId))
                .chain(group -> cursor(group.id, after))
                .chain(from -> changes.pageAfter(groupId, from, size + 1))
                .map(page -> page.size() > size ? new ChangePage(page.subList(0, size), true)
                        : new ChangePage(page, false)));
    }

    /**
     * Within the transaction that deletes the account: the user leaves every group they are in, each recorded as
     * "left" with a new epoch, one group after another (a session runs one statement at a time).
     */
    public Uni<List<GroupChanged>> leaveAll(UUID userId) {
        return members.membershipsOf(userId)
                .onItem().transformToMulti(memberships -> Multi.createFrom().iterable(memberships))
                .onItem().transformToUniAndConcatenate(member -> groups.lock(member.groupId)
                        .chain(group -> end(group, member, Kind.LEFT, userId)))
                .collect().asList();
    }

    private Uni<Void> requireValidMembers(UUID creatorId, List<UUID> memberIds) {
        if (memberIds == null || memberIds.contains(null)) {
            return Uni.createFrom().failure(
                    ApiException.badRequest(ErrorCode.MALFORMED_REQUEST, "members must be a list of user ids."));
        }
        if (memberIds.contains(creatorId) || new HashSet<>(memberIds).size() < memberIds.size()) {
            return Uni.createFrom().failure(ApiException.badRequest(ErrorCode.DUPLICATE_MEMBER,
                    "List each member once, and not yourself: you are in the group as its creator."));
        }
        if (memberIds.isEmpty()) {
            return Uni.createFrom().failure(ApiException.badRequest(ErrorCode.TOO_FEW_MEMBERS,
                    "Add at least one friend to the group."));
        }
        if (memberIds.size() + 1 > MAX_MEMBERS) {
            return Uni.createFrom().failure(ApiException.badRequest(ErrorCode.TOO_MANY_MEMBERS, tooManyMembers()));
        }
        return requireFriends(creatorId, memberIds);
    }

    private Uni<Void> requireFriends(UUID userId, List<UUID> others) {
        return friendships.friendsOf(userId).chain(friends -> new HashSet<>(friends).containsAll(others)
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new ApiException(403, ErrorCode.NOT_A_FRIEND,
                        "You can only add your friends to a group.")));
    }

    private Uni<GroupChanged> store(UUID creatorId, String name, List<UUID> memberIds, Instant now) {
        ChatGroup group = new ChatGroup();
        group.id = UUID.randomUUID();
        group.name = name;
        group.creatorId = creatorId;
        group.epoch = 1;
        group.createdAt = now;
        group.changedAt = now;
        List<UUID> everyone = new ArrayList<>(memberIds.size() + 1);
        everyone.add(creatorId);
        everyone.addAll(memberIds);
        return groups.persist(group)
                .chain(() -> Multi.createFrom().iterable(everyone)
                        .onItem().transformToUniAndConcatenate(userId -> members.join(group.id, userId, 1, now))
                        .collect().last())
                .chain(() -> changes.record(group.id, Kind.CREATED, creatorId, null, 1, name, now))
                .invoke(() -> LOG.infof("Group %s created with %d members", group.id, everyone.size()))
                .chain(change -> changed(creatorId, group, change, List.of()));
    }

    /** The group locked for a change by one of its current members; 404 for anyone else. */
    private Uni<ChatGroup> lockAsMember(UUID userId, UUID groupId) {
        return groups.lock(groupId)
                .onItem().ifNull().failWith(GroupService::unknownGroup)
                .call(group -> requireMember(group.id, userId));
    }

    private Uni<Void> requireMember(UUID groupId, UUID userId) {
        return members.current(groupId, userId)
                .onItem().ifNull().failWith(GroupService::unknownGroup)
                .replaceWithVoid();
    }

    private Uni<Void> requireNotMember(UUID groupId, UUID userId) {
        return members.current(groupId, userId).chain(member -> member == null ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ApiException.conflict(ErrorCode.ALREADY_A_MEMBER,
                        "They are already a member of the group.")));
    }

    private Uni<Void> requireRoomFor(UUID groupId) {
        return members.countCurrent(groupId).chain(count -> count < MAX_MEMBERS ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ApiException.conflict(ErrorCode.TOO_MANY_MEMBERS, tooManyMembers())));
    }

    private static void requireCreatorRemovingAnother(ChatGroup group, UUID actorId, UUID userId) {
        if (!actorId.equals(group.creatorId)) {
            throw new ApiException(403, ErrorCode.NOT_GROUP_CREATOR, "Only the group's creator can remove members.");
        }
        if (actorId.equals(userId)) {
            throw ApiException.badRequest(ErrorCode.CANNOT_REMOVE_YOURSELF,
                    "You cannot remove yourself; leave the group instead.");
        }
    }

    /** Ends the member's period: the epoch moves on, and they left in it (the first epoch without them). */
    private Uni<GroupChanged> end(ChatGroup group, GroupMember member, Kind kind, UUID actorId) {
        Instant now = now();
        raiseEpoch(group, now);
        member.leftEpoch = group.epoch;
        member.leftAt = now;
        if (member.userId.equals(group.creatorId)) {
            group.creatorId = null;
        }
        return changes.record(group.id, kind, actorId, member.userId, group.epoch, null, now)
                .chain(change -> changed(actorId, group, change, List.of(member.userId)));
    }

    private static void raiseEpoch(ChatGroup group, Instant now) {
        group.epoch++;
        group.changedAt = now;
    }

    /**
     * The change as committed: the group after it (as the actor sees it), told to its members and to
     * {@code alsoTold}.
     */
    private Uni<GroupChanged> changed(UUID actorId, ChatGroup group, GroupChange change, List<UUID> alsoTold) {
        // The members' rows changed in this session: written before they are read back.
        return Panache.flush().chain(() -> view(actorId, group)).map(view -> {
            List<UUID> recipients = new ArrayList<>(view.memberIds());
            alsoTold.stream().filter(userId -> !recipients.contains(userId)).forEach(recipients::add);
            return new GroupChanged(view, change, List.copyOf(recipients));
        });
    }

    private Uni<Long> cursor(UUID groupId, UUID after) {
        if (after == null) {
            return Uni.createFrom().item(0L);
        }
        return changes.findInGroup(groupId, after)
                .onItem().ifNull().failWith(() -> ApiException.badRequest(ErrorCode.BAD_CURSOR,
                        "after is not a change of this group."))
                .map(change -> change.id);
    }

    private Uni<GroupView> view(UUID userId, ChatGroup group) {
        return views(userId, List.of(group)).map(found -> found.get(0));
    }

    /** The groups as the user sees them: members present and past, every period, activity and unread count. */
    private Uni<List<GroupView>> views(UUID userId, List<ChatGroup> found) {
        if (found.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> groupIds = found.stream().map(group -> group.id).toList();
        return members.periodsOf(groupIds)
                .chain(periods -> usersById(periods)
                        .chain(known -> groupMessages.activityOf(userId, groupIds).map(activity -> {
                            Map<UUID, Activity> activityByGroup = activity.stream()
                                    .collect(Collectors.toMap(Activity::groupId, Function.identity()));
                            return found.stream()
                                    .map(group -> view(group, periods, known, activityByGroup.get(group.id)))
                                    .toList();
                        })));
    }

    private Uni<Map<UUID, KnownUser>> usersById(List<GroupMember> periods) {
        Set<UUID> ids = periods.stream().map(member -> member.userId).collect(Collectors.toSet());
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return users.findByIds(ids)
                .map(known -> known.stream().collect(Collectors.toMap(user -> user.id, Function.identity())));
    }

    /**
     * The group from its membership periods (in the order they began): current members in the order they joined,
     * former members once each. {@code activity} is null for a user who is not a member (a deleted account leaving).
     */
    private static GroupView view(ChatGroup group, List<GroupMember> periods, Map<UUID, KnownUser> known,
            Activity activity) {
        List<GroupMember> ofGroup = periods.stream().filter(member -> member.groupId.equals(group.id)).toList();
        List<GroupView.Member> current = ofGroup.stream()
                .filter(member -> member.leftEpoch == null)
                .sorted(Comparator.comparingInt((GroupMember member) -> member.joinedEpoch)
                        .thenComparing(member -> member.id))
                .map(member -> new GroupView.Member(member.userId, known.get(member.userId)))
                .toList();
        Set<UUID> currentIds = current.stream().map(GroupView.Member::userId).collect(Collectors.toSet());
        List<GroupView.Member> former = ofGroup.stream()
                .map(member -> member.userId)
                .filter(userId -> !currentIds.contains(userId))
                .distinct()
                .map(userId -> new GroupView.Member(userId, known.get(userId)))
                .toList();
        List<GroupView.Membership> memberships = ofGroup.stream()
                .map(member -> new GroupView.Membership(member.userId, member.joinedEpoch, member.leftEpoch))
                .toList();
        Instant lastMessageAt = activity == null ? null : activity.lastMessageAt();
        Instant lastActivity = lastMessageAt != null && lastMessageAt.isAfter(group.changedAt) ? lastMessageAt
                : group.changedAt;
        return new GroupView(group.id, group.name, group.epoch, group.creatorId, group.createdAt, group.changedAt,
                current, former, memberships, lastActivity, activity == null ? 0 : activity.unread());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String tooManyMembers() {
        return "A group has at most " + MAX_MEMBERS + " members.";
    }

    public static ApiException unknownGroup() {
        return new ApiException(404, ErrorCode.UNKNOWN_GROUP, "Unknown group.");
    }

    private static ApiException notAMember() {
        return new ApiException(404, ErrorCode.NOT_A_MEMBER, "They are not a member of the group.");
    }
}
