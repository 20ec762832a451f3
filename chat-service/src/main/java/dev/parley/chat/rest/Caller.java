package dev.parley.chat.rest;

import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.parley.api.ApiException;
import dev.parley.chat.service.Encodings;

/** The signed-in user of a request: the access token's subject, a user id. */
final class Caller {

    private Caller() {
    }

    /** The user id; a token whose subject is no user id is refused as if there were no token. */
    static UUID id(JsonWebToken token) {
        UUID userId = Encodings.uuidOrNull(token.getSubject());
        if (userId == null) {
            throw ApiException.unauthorized("Sign in to continue.");
        }
        return userId;
    }
}
