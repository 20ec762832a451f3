package dev.parley.friend.rest;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.api.OutcomeCounter;
import dev.parley.friend.rest.Dtos.AddFriendRequest;
import dev.parley.friend.rest.Dtos.MessageView;
import dev.parley.friend.rest.Dtos.ReceivedRequestView;
import dev.parley.friend.rest.Dtos.Selection;
import dev.parley.friend.rest.Dtos.SentRequestView;
import dev.parley.friend.service.FriendRequestService;
import dev.parley.friend.service.Messages;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The signed-in user's friend requests (friend-service/README.md, API). The user is always the access token's subject; a request
 * id or username in a path or body only ever names the other side, and a request that is not the user's is not
 * found.
 */
@Path("/api/friends/requests")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Friend requests")
@SecurityRequirement(name = "bearer")
public class FriendRequestResource {

    private final FriendRequestService requests;
    private final JsonWebToken token;
    private final OutcomeCounter adds;
    private final OutcomeCounter cancels;
    private final OutcomeCounter approvals;
    private final OutcomeCounter rejections;

    FriendRequestResource(FriendRequestService requests, JsonWebToken token, MeterRegistry metrics) {
        this.requests = requests;
        this.token = token;
        this.adds = FriendOperations.counter(metrics, "add");
        this.cancels = FriendOperations.counter(metrics, "cancel");
        this.approvals = FriendOperations.counter(metrics, "approve");
        this.rejections = FriendOperations.counter(metrics, "reject");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a friend by username: 201 when a request was sent, 200 when they had asked me first")
    public Uni<Response> add(AddFriendRequest body) {
        return adds.counting(Uni.createFrom().deferred(() -> send(body)));
    }

    private Uni<Response> send(AddFriendRequest body) {
        if (body == null || body.username() == null || body.username().isBlank()) {
            return Uni.createFrom().failure(
                    ApiException.badRequest(ErrorCode.MISSING_FIELDS, Messages.FILL_IN_ALL_FIELDS));
        }
        return requests.add(userId(), body.username().trim()).map(added -> added.nowFriends()
                ? Response.ok(new MessageView(Messages.nowFriends(added.username()))).build()
                : Response.status(Response.Status.CREATED)
                        .entity(new MessageView(Messages.requestSent(added.username()), added.requestId())).build());
    }

    @GET
    @Path("/sent")
    @Operation(summary = "Requests I sent, newest first, each pending, approved or rejected")
    public Uni<List<SentRequestView>> sent() {
        return requests.listSent(userId()).map(sent -> sent.stream().map(SentRequestView::of).toList());
    }

    @DELETE
    @Path("/sent/{requestId}")
    @Operation(summary = "Cancel a pending request I sent (404 for any other request)")
    public Uni<Response> cancel(@PathParam("requestId") String requestId) {
        return cancels.counting(Uni.createFrom().deferred(() -> requests.cancel(userId(), parse(requestId))))
                .map(ignored -> Response.noContent().build());
    }

    @GET
    @Path("/received")
    @Operation(summary = "Pending requests sent to me, newest first")
    public Uni<List<ReceivedRequestView>> received() {
        return requests.listReceived(userId()).map(received -> received.stream().map(ReceivedRequestView::of).toList());
    }

    @POST
    @Path("/received/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve the pending requests from these usernames, all or none")
    public Uni<MessageView> approve(Selection selection) {
        return approvals.counting(Uni.createFrom().deferred(
                () -> requests.approve(userId(), selection == null ? null : selection.usernames())))
                .map(ignored -> new MessageView(Messages.APPROVED));
    }

    @POST
    @Path("/received/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reject the pending requests from these usernames, all or none")
    public Uni<MessageView> reject(Selection selection) {
        return rejections.counting(Uni.createFrom().deferred(
                () -> requests.reject(userId(), selection == null ? null : selection.usernames())))
                .map(ignored -> new MessageView(Messages.REJECTED));
    }

    private UUID userId() {
        return UUID.fromString(token.getSubject());
    }

    private static UUID parse(String requestId) {
        try {
            return UUID.fromString(requestId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(Messages.REQUEST_NOT_FOUND);
        }
    }
}
