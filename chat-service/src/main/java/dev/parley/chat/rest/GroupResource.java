package dev.parley.chat.rest;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.ResponseStatus;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.chat.rest.Dtos.AddMemberRequest;
import dev.parley.chat.rest.Dtos.CreateGroupRequest;
import dev.parley.chat.rest.Dtos.Group;
import dev.parley.chat.rest.Dtos.GroupChanges;
import dev.parley.chat.rest.Dtos.GroupHistoryPage;
import dev.parley.chat.rest.Dtos.ReadRequest;
import dev.parley.chat.rest.Dtos.RenameGroupRequest;
import dev.parley.chat.service.GroupChangeAnnouncer;
import dev.parley.chat.service.GroupChanged;
import dev.parley.chat.service.GroupHistory;
import dev.parley.chat.service.GroupReceipts;
import dev.parley.chat.service.GroupService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * Groups, their membership and their messages' history, for the signed-in user only: the user is the access token's
 * subject, and a group they are not a member of now does not exist for them (404). Each change is announced to the members' open sockets once it
 * committed.
 */
@Path("/api/chat/groups")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class GroupResource {

    private final GroupService groups;
    private final GroupChangeAnnouncer announcer;
    private final GroupHistory history;
    private final GroupReceipts receipts;
    private final JsonWebToken token;

    GroupResource(GroupService groups, GroupChangeAnnouncer announcer, GroupHistory history, GroupReceipts receipts,
            JsonWebToken token) {
        this.groups = groups;
        this.announcer = announcer;
        this.history = history;
        this.receipts = receipts;
        this.token = token;
    }

    @GET
    public Uni<List<Group>> list() {
        return groups.list(me()).map(views -> views.stream().map(Group::of).toList());
    }

    /** A group of the user and some of their friends. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<Group> create(CreateGroupRequest request) {
        if (request == null) {
            return malformed("name and members are required.");
        }
        return announced(groups.create(me(), request.name(), request.members()));
    }

    @GET
    @Path("/{groupId}")
    public Uni<Group> get(@PathParam("groupId") UUID groupId) {
        return groups.get(me(), groupId).map(Group::of);
    }

    /** Adds one of the user's friends. */
    @POST
    @Path("/{groupId}/members")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Group> add(@PathParam("groupId") UUID groupId, AddMemberRequest request) {
        if (request == null || request.userId() == null) {
            return malformed("userId is required.");
        }
        return announced(groups.add(me(), groupId, request.userId()));
    }

    /** The creator removes a member. */
    @DELETE
    @Path("/{groupId}/members/{userId}")
    public Uni<Group> remove(@PathParam("groupId") UUID groupId, @PathParam("userId") UUID userId) {
        return announced(groups.remove(me(), groupId, userId));
    }

    @POST
    @Path("/{groupId}/leave")
    public Uni<Void> leave(@PathParam("groupId") UUID groupId) {
        return groups.leave(me(), groupId).invoke(announcer::announce).replaceWithVoid();
    }

    @PUT
    @Path("/{groupId}/name")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Group> rename(@PathParam("groupId") UUID groupId, RenameGroupRequest request) {
        if (request == null) {
            return malformed("name is required.");
        }
        return announced(groups.rename(me(), groupId, request.name()));
    }

    /** The membership record after the change {@code after} (from the first without it), oldest first. */
    @GET
    @Path("/{groupId}/changes")
    public Uni<GroupChanges> changes(@PathParam("groupId") UUID groupId, @QueryParam("after") UUID after,
            @QueryParam("limit") Integer limit) {
        return groups.changes(me(), groupId, after, limit).map(GroupChanges::of);
    }

    /**
     * A page of the group's messages the user may read (those of the epochs they were a member of), oldest first:
     * {@code before} a message id for older pages, {@code after} one to catch up, neither for the newest page.
     */
    @GET
    @Path("/{groupId}/messages")
    public Uni<GroupHistoryPage> history(@PathParam("groupId") UUID groupId, @QueryParam("before") UUID before,
            @QueryParam("after") UUID after, @QueryParam("limit") Integer limit) {
        return history.page(me(), groupId, before, after, limit).map(GroupHistoryPage::of);
    }

    /** Everything up to {@code upTo} is read: the unread count starts after it. */
    @POST
    @Path("/{groupId}/read")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Void> markRead(@PathParam("groupId") UUID groupId, ReadRequest request) {
        if (request == null || request.upTo() == null) {
            return malformed("upTo is required.");
        }
        return receipts.markRead(me(), groupId, request.upTo());
    }

    /** The group after a committed change, which its members' sockets are told of first. */
    private Uni<Group> announced(Uni<GroupChanged> change) {
        return change.invoke(announcer::announce).map(changed -> Group.of(changed.group()));
    }

    private static <T> Uni<T> malformed(String message) {
        return Uni.createFrom().failure(ApiException.badRequest(ErrorCode.MALFORMED_REQUEST, message));
    }

    private UUID me() {
        return Caller.id(token);
    }
}
