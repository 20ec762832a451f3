package dev.parley.chat.rest;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.chat.rest.Dtos.Conversation;
import dev.parley.chat.rest.Dtos.History;
import dev.parley.chat.rest.Dtos.OpenConversationRequest;
import dev.parley.chat.rest.Dtos.ReadRequest;
import dev.parley.chat.service.ConversationService;
import dev.parley.chat.service.MessageService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * Conversations and their history, for the signed-in user only: the user is the access token's subject, and a
 * conversation they are not a member of does not exist for them (404).
 */
@Path("/api/chat/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ConversationResource {

    private final ConversationService conversations;
    private final MessageService messages;
    private final JsonWebToken token;

    ConversationResource(ConversationService conversations, MessageService messages, JsonWebToken token) {
        this.conversations = conversations;
        this.messages = messages;
        this.token = token;
    }

    @GET
    public Uni<List<Conversation>> list() {
        return conversations.list(me()).map(views -> views.stream().map(Conversation::of).toList());
    }

    /** Opens the conversation with a friend, or returns the one that exists. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Conversation> open(OpenConversationRequest request) {
        if (request == null || request.friendId() == null) {
            return Uni.createFrom().failure(
                    ApiException.badRequest(ErrorCode.MALFORMED_REQUEST, "friendId is required."));
        }
        return conversations.open(me(), request.friendId()).map(Conversation::of);
    }

    @GET
    @Path("/{conversationId}")
    public Uni<Conversation> get(@PathParam("conversationId") UUID conversationId) {
        return conversations.get(me(), conversationId).map(Conversation::of);
    }

    /**
     * A page of history, oldest first: {@code before} a message id for older pages, {@code after} one to catch up
     * with everything newer, neither for the newest page.
     */
    @GET
    @Path("/{conversationId}/messages")
    public Uni<History> history(@PathParam("conversationId") UUID conversationId, @QueryParam("before") UUID before,
            @QueryParam("after") UUID after, @QueryParam("limit") Integer limit) {
        return messages.history(me(), conversationId, before, after, limit).map(History::of);
    }

    /** Everything up to {@code upTo} is read: the unread count starts after it. */
    @POST
    @Path("/{conversationId}/read")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Void> markRead(@PathParam("conversationId") UUID conversationId, ReadRequest request) {
        if (request == null || request.upTo() == null) {
            return Uni.createFrom().failure(ApiException.badRequest(ErrorCode.MALFORMED_REQUEST, "upTo is required."));
        }
        return messages.markRead(me(), conversationId, request.upTo());
    }

    private UUID me() {
        return Caller.id(token);
    }
}
