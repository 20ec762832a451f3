package dev.parley.auth.rest;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.parley.auth.service.SigningKeys;

/** The public keys that verify access tokens; every service (and the gateway) fetches them from here. */
@Path("/.well-known/jwks.json")
@Tag(name = "Keys")
public class JwksResource {

    private final SigningKeys keys;

    JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "JSON Web Key Set of the token signing keys (current and, during a rotation, previous)")
    public Response jwks() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        Map<String, Object> body = keys.jwks();
        return Response.ok(body).cacheControl(cache).build();
    }
}
