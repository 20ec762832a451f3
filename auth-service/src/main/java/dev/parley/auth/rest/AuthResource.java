package dev.parley.auth.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.parley.auth.rest.Dtos.AccountView;
import dev.parley.auth.rest.Dtos.LoginRequest;
import dev.parley.auth.rest.Dtos.PreloginRequest;
import dev.parley.auth.rest.Dtos.PreloginResponse;
import dev.parley.auth.rest.Dtos.RefreshRequest;
import dev.parley.auth.rest.Dtos.SessionResponse;
import dev.parley.auth.rest.Dtos.SignupRequest;
import dev.parley.auth.service.AccountService;
import dev.parley.auth.service.Inputs;
import dev.parley.auth.service.Inputs.BinaryField;
import dev.parley.auth.service.SessionService;
import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.api.OutcomeCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** The public part of the auth API: everything a client does before it holds an access token. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sign-up and sessions")
public class AuthResource {

    private final AccountService accounts;
    private final SessionService sessions;
    private final SessionCookies cookies;
    private final ClientAddresses clientAddresses;

    private final OutcomeCounter signUps;
    private final OutcomeCounter logins;

    AuthResource(AccountService accounts, SessionService sessions, SessionCookies cookies,
            ClientAddresses clientAddresses, MeterRegistry metrics) {
        this.signUps = new OutcomeCounter(metrics, "parley.auth.signups", "Sign-ups, by outcome");
        this.logins = new OutcomeCounter(metrics, "parley.auth.logins", "Logins, by outcome");
        this.clientAddresses = clientAddresses;
        this.accounts = accounts;
        this.sessions = sessions;
        this.cookies = cookies;
    }

    @POST
    @Path("/prelogin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "KDF parameters for a username (the default for unknown names)")
    public Uni<PreloginResponse> prelogin(PreloginRequest request) {
        return Uni.createFrom().deferred(() -> {
            Inputs.requireFilled(request, request == null ? null : request.username());
            return sessions.kdfIterations(request.username());
        }).map(PreloginResponse::new);
    }

    @POST
    @Path("/signup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an account from client-derived keys; the password never leaves the client")
    public Uni<Response> signUp(SignupRequest request) {
        return signUps.counting(Uni.createFrom().deferred(() -> createAccount(request)));
    }

    private Uni<Response> createAccount(SignupRequest request) {
        Inputs.requireFilled(request);
        Inputs.requireFilled(request.username(), request.authKey(), request.kdfIterations(), request.publicKey(),
                request.vault());
        Inputs.requireValidUsername(request.username());
        AccountService.NewAccount account = new AccountService.NewAccount(request.username(),
                Inputs.key(BinaryField.AUTH_KEY, request.authKey()), request.kdfIterations(),
                Inputs.key(BinaryField.PUBLIC_KEY, request.publicKey()),
                        Inputs.base64Url(BinaryField.VAULT, request.vault()));
        return accounts.signUp(account)
                .map(created -> Response.status(Response.Status.CREATED).entity(AccountView.of(created)).build());
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a session; the refresh token comes in the body, or as an HttpOnly cookie for browsers")
    public Uni<Response> login(LoginRequest request, @CookieParam(SessionCookies.DEVICE) String deviceCookie,
            HttpServerRequest http) {
        return logins.counting(Uni.createFrom().deferred(() -> startSession(request, deviceCookie, http)));
    }

    private Uni<Response> startSession(LoginRequest request, String deviceCookie, HttpServerRequest http) {
        Inputs.requireFilled(request);
        Inputs.requireFilled(request.username(), request.authKey());
        boolean cookie = wantsCookie(request.refreshTokenDelivery());
        byte[] authKey = Inputs.key(BinaryField.AUTH_KEY, request.authKey());
        String deviceToken = request.deviceToken() != null && !request.deviceToken().isBlank() ? request.deviceToken()
                : deviceCookie;
        return sessions.login(request.username(), authKey, deviceToken, clientAddresses.of(http))
                .map(session -> respond(session, cookie));
    }

    @POST
    @Path("/session/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rotate the refresh token (body or cookie) for a new access token")
    public Uni<Response> refresh(RefreshRequest request, @CookieParam(SessionCookies.NAME) String cookieToken,
            @HeaderParam("Origin") String origin) {
        String bodyToken = request == null ? null : request.refreshToken();
        if (bodyToken != null && !bodyToken.isBlank()) {
            return sessions.refresh(bodyToken).map(session -> respond(session, false));
        }
        if (cookieToken == null || cookieToken.isBlank()) {
            return Uni.createFrom().failure(ApiException.unauthorized("Your session has ended. Please log in again."));
        }
        return Uni.createFrom().deferred(() -> {
            cookies.requireAllowedOrigin(origin);
            return sessions.refresh(cookieToken);
        }).map(session -> respond(session, true));
    }

    @POST
    @Path("/session/logout")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "End this session (the refresh token's family)")
    public Uni<Response> logout(RefreshRequest request, @CookieParam(SessionCookies.NAME) String cookieToken,
            @HeaderParam("Origin") String origin) {
        String token = request != null && request.refreshToken() != null ? request.refreshToken() : cookieToken;
        if (token == null || token.isBlank()) {
            return Uni.createFrom().item(Response.noContent().cookie(cookies.cleared()).build());
        }
        return Uni.createFrom().deferred(() -> {
            if (token.equals(cookieToken)) {
                cookies.requireAllowedOrigin(origin);
            }
            return sessions.logout(token);
        }).map(ignored -> Response.noContent().cookie(cookies.cleared()).build());
    }

    private Response respond(SessionService.Session session, boolean cookie) {
        SessionResponse body = new SessionResponse(session.accessToken().token(), session.accessToken().expiresAt(),
                cookie ? null : session.refreshToken(), session.refreshTokenExpiresAt(), AccountView.of(session.account()),
                cookie ? null : session.deviceToken());
        Response.ResponseBuilder response = Response.ok(body);
        if (cookie) {
            response.cookie(cookies.carrying(session.refreshToken(), session.refreshTokenExpiresAt()));
            if (session.deviceToken() != null) {
                response.cookie(cookies.device(session.deviceToken()));
            }
        }
        return response.build();
    }

    private static boolean wantsCookie(String delivery) {
        if (delivery == null || delivery.equals("body")) {
            return false;
        }
        if (delivery.equals("cookie")) {
            return true;
        }
        throw ApiException.badRequest(ErrorCode.INVALID_REFRESH_TOKEN_DELIVERY,
                "refreshTokenDelivery must be \"body\" or \"cookie\".");
    }
}
