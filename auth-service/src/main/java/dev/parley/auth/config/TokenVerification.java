package dev.parley.auth.config;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.auth.service.SigningKeys;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;

/**
 * Other services verify access tokens against auth-service's JWKS URL; auth-service itself verifies them against
 * the same key set held in memory, since its keys may be generated at start and it need not call itself.
 */
@ApplicationScoped
public class TokenVerification {

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    JWTAuthContextInfo verificationContext(SigningKeys keys, AuthConfig config, ObjectMapper json) throws JsonProcessingException {
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setPublicKeyContent(json.writeValueAsString(keys.jwks()));
        context.setIssuedBy(config.jwt().issuer());
        context.setExpectedAudience(Set.of(config.jwt().audience()));
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.ES256));
        context.setRequiredClaims(Set.of("sub", "exp", "iat", "sid"));
        return context;
    }
}
