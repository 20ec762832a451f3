package dev.parley.auth.rest;

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
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.parley.api.ApiException;
import dev.parley.auth.rest.Dtos.AccountView;
import dev.parley.auth.rest.Dtos.ChangePasswordRequest;
import dev.parley.auth.rest.Dtos.DeleteAccountRequest;
import dev.parley.auth.rest.Dtos.KeptVaultView;
import dev.parley.auth.rest.Dtos.PublicKeyView;
import dev.parley.auth.rest.Dtos.VaultUpdate;
import dev.parley.auth.rest.Dtos.VaultVersion;
import dev.parley.auth.rest.Dtos.VaultVersions;
import dev.parley.auth.service.AccountService;
import dev.parley.auth.service.Inputs;
import dev.parley.auth.service.Inputs.BinaryField;
import dev.parley.auth.service.SessionService;
import dev.parley.auth.service.TokenIssuer;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The signed-in user's own account. The user is always the access token's subject; no path or body field can
 * name another user's account.
 */
@Path("/api/auth")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Account")
@SecurityRequirement(name = "bearer")
public class AccountResource {

    private final AccountService accounts;
    private final SessionService sessions;
    private final SessionCookies cookies;
    private final JsonWebToken token;

    AccountResource(AccountService accounts, SessionService sessions, SessionCookies cookies, JsonWebToken token) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.cookies = cookies;
        this.token = token;
    }

    @GET
    @Path("/me")
    @Operation(summary = "My account, with the sealed key vault")
    public Uni<AccountView> me() {
        return accounts.find(userId()).map(AccountView::of);
    }

    @PUT
    @Path("/vault")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace my key vault if it is still at the expected version (409 otherwise)")
    public Uni<VaultVersion> replaceVault(VaultUpdate update) {
        // Deferred, so that a request of the wrong shape is a failed Uni like every other refusal.
        return Uni.createFrom().deferred(() -> {
            Inputs.requireFilled(update);
            Inputs.requireFilled(update.vault(), update.expectedVersion());
            // Without authKey the answer is 403 password_required (checked after the shape, so the client learns both).
            byte[] authKey = update.authKey() == null ? null : Inputs.key(BinaryField.AUTH_KEY, update.authKey());
            return accounts.replaceVault(userId(), sessionId(), update.expectedVersion(),
                    Inputs.base64Url(BinaryField.VAULT, update.vault()), authKey);
        }).map(VaultVersion::new);
    }

    @GET
    @Path("/vault/versions")
    @Operation(summary = "The kept versions of my key vault (the last 10, the current one included), newest first")
    public Uni<VaultVersions> vaultVersions() {
        return accounts.vaultVersions(userId()).map(kept -> new VaultVersions(
                kept.stream().map(version -> new KeptVaultView(version.version(), null, version.createdAt())).toList()));
    }

    @GET
    @Path("/vault/versions/{version}")
    @Operation(summary = "One kept version of my key vault, sealed; restoring it is re-sealing it and uploading it")
    public Uni<KeptVaultView> vaultVersion(@PathParam("version") long version) {
        return accounts.vaultVersion(userId(), version)
                .map(kept -> new KeptVaultView(kept.version(), Inputs.base64Url(kept.vault()), kept.createdAt()));
    }

    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change my password: new authKey and re-wrapped vault together; other sessions end")
    public Uni<AccountView> changePassword(ChangePasswordRequest request) {
        return Uni.createFrom().item(() -> passwordChange(request))
                .chain(change -> accounts.changePassword(userId(), sessionId(), change))
                .map(AccountView::of);
    }

    @POST
    @Path("/logout-all")
    @Operation(summary = "End every session of mine, on every device")
    public Uni<Response> logoutEverywhere() {
        return sessions.logoutEverywhere(userId()).map(ignored -> Response.noContent().cookie(cookies.cleared()).build());
    }

    @DELETE
    @Path("/account")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Delete my account (confirmed with my authKey); every service drops my data")
    public Uni<Response> deleteAccount(DeleteAccountRequest request) {
        return Uni.createFrom().deferred(() -> {
            Inputs.requireFilled(request);
            Inputs.requireFilled(request.authKey());
            return accounts.delete(userId(), sessionId(), Inputs.key(BinaryField.AUTH_KEY, request.authKey()));
        }).map(ignored -> Response.noContent().cookie(cookies.cleared()).build());
    }

    @GET
    @Path("/public-keys")
    @Operation(summary = "Another user's identity public key, by username")
    public Uni<PublicKeyView> publicKey(@QueryParam("username") String username) {
        return Uni.createFrom().deferred(() -> {
            Inputs.requireFilled(username);
            return accounts.find(userId());
        })
                .chain(me -> accounts.findByUsername(username))
                .onItem().ifNull().failWith(() -> ApiException.notFound("Unknown username!"))
                .map(PublicKeyView::of);
    }

    /** The change the request asks for; refuses a request of the wrong shape. */
    private static AccountService.PasswordChange passwordChange(ChangePasswordRequest request) {
        Inputs.requireFilled(request);
        Inputs.requireFilled(request.currentAuthKey(), request.newAuthKey(), request.kdfIterations(), request.vault(),
                request.vaultVersion());
        return new AccountService.PasswordChange(
                Inputs.key(BinaryField.CURRENT_AUTH_KEY, request.currentAuthKey()),
                Inputs.key(BinaryField.NEW_AUTH_KEY, request.newAuthKey()),
                request.kdfIterations(), Inputs.base64Url(BinaryField.VAULT, request.vault()), request.vaultVersion());
    }

    private UUID userId() {
        return UUID.fromString(token.getSubject());
    }

    private UUID sessionId() {
        return UUID.fromString(token.getClaim(TokenIssuer.SESSION_CLAIM));
    }
}
