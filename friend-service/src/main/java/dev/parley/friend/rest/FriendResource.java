package dev.parley.friend.rest;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import dev.parley.api.OutcomeCounter;
import dev.parley.friend.rest.Dtos.FriendView;
import dev.parley.friend.service.FriendshipService;
import dev.parley.friend.service.Messages;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The signed-in user's friends (friend-service/README.md, API). The user is always the access token's subject. */
@Path("/api/friends")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Friends")
@SecurityRequirement(name = "bearer")
public class FriendResource {

    private final FriendshipService friendships;
    private final JsonWebToken token;
    private final OutcomeCounter removals;

    FriendResource(FriendshipService friendships, JsonWebToken token, MeterRegistry metrics) {
        this.friendships = friendships;
        this.token = token;
        this.removals = FriendOperations.counter(metrics, "remove");
    }

    @GET
    @Operation(summary = "My friends, by username")
    public Uni<List<FriendView>> list() {
        return friendships.list(userId()).map(friends -> friends.stream().map(FriendView::of).toList());
    }

    /**
     * By user id rather than username: a username may be any letters and digits, "requests" included, which the
     * path of the requests API already takes.
     */
    @DELETE
    @Path("/{userId}")
    @Operation(summary = "End my friendship with a friend (404 when they are not my friend)")
    public Uni<Response> remove(@PathParam("userId") String friendId) {
        return removals.counting(Uni.createFrom().deferred(() -> friendships.remove(userId(), parse(friendId))))
                .map(ignored -> Response.noContent().build());
    }

    private UUID userId() {
        return UUID.fromString(token.getSubject());
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(Messages.NOT_A_FRIEND);
        }
    }
}
