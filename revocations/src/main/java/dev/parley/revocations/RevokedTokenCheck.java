package dev.parley.revocations;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * Refuses, in every service that authenticates with SmallRye JWT, an access token whose session has been revoked:
 * authentication fails, so the request gets 401 exactly as for an expired token.
 */
@ApplicationScoped
public class RevokedTokenCheck implements SecurityIdentityAugmentor {

    /** The claim that names the session (the refresh token family) a token was issued for. */
    public static final String SESSION_CLAIM = "sid";

    private final RevokedSessions sessions;

    RevokedTokenCheck(RevokedSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken token
                && sessions.isRevoked(token.getClaim(SESSION_CLAIM))) {
            return Uni.createFrom().failure(new AuthenticationFailedException("session revoked"));
        }
        return Uni.createFrom().item(identity);
    }
}
