package dev.parley.presence.rest;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.parley.api.ApiException;
import dev.parley.presence.service.FriendPresenceService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Friends' presence. The asking user is always the access token's subject. */
@Path("/api/presence")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PresenceResource {

    private final FriendPresenceService friends;
    private final JsonWebToken token;

    PresenceResource(FriendPresenceService friends, JsonWebToken token) {
        this.friends = friends;
        this.token = token;
    }

    /** Online status and last seen of each of my friends, by username. */
    @GET
    @Path("/friends")
    public Uni<List<PresenceView>> friends() {
        return friends.friendsOf(userId()).map(list -> list.stream().map(PresenceView::of).toList());
    }

    /** One friend's presence; 404 for anyone who is not my friend, whether or not they exist. */
    @GET
    @Path("/users/{userId}")
    public Uni<PresenceView> friend(@PathParam("userId") String otherId) {
        return Uni.createFrom().item(() -> parse(otherId))
                .chain(friendId -> friends.friendOf(userId(), friendId))
                .map(PresenceView::of);
    }

    private UUID userId() {
        return UUID.fromString(token.getSubject());
    }

    /** Something that is not a user id names nobody: the same 404 as a stranger (thrown within a chain step). */
    private static UUID parse(String userId) {
        try {
            return UUID.fromString(userId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Not found.");
        }
    }
}
