package dev.parley.chat.rest;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.chat.rest.Dtos.Settings;
import dev.parley.chat.service.SettingsService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The signed-in user's chat settings: typing indicators and read receipts, each on or off. */
@Path("/api/chat/settings")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class SettingsResource {

    private final SettingsService settings;
    private final JsonWebToken token;

    SettingsResource(SettingsService settings, JsonWebToken token) {
        this.settings = settings;
        this.token = token;
    }

    @GET
    public Uni<Settings> get() {
        return settings.get(me()).map(Settings::of);
    }

    /** Both settings, each true or false: a partial body would leave the client unsure which value holds. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Settings> put(Settings request) {
        if (request == null || request.typingIndicators() == null || request.readReceipts() == null) {
            return Uni.createFrom().failure(ApiException.badRequest(ErrorCode.MALFORMED_REQUEST,
                    "typingIndicators and readReceipts are required, each true or false."));
        }
        return settings.update(me(), request.typingIndicators(), request.readReceipts()).map(Settings::of);
    }

    private UUID me() {
        return Caller.id(token);
    }
}
