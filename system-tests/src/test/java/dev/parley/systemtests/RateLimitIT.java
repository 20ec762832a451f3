package dev.parley.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.parley.systemtests.Gateway.Answer;
import dev.parley.systemtests.Gateway.Request;

/**
 * The gateway's per-address rate limit, on the one rule this module keeps low (session refresh, see the pom), from
 * an address of this test's own (127.0.0.2), so that the other tests' requests from 127.0.0.1 neither help nor
 * hinder: the first {@code limit} requests reach auth-service (401: no refresh token), the next get the
 * gateway's 429 with Retry-After, and 127.0.0.1 is still served meanwhile.
 */
@ExtendWith(StackExtension.class)
class RateLimitIT {

    private static final CaseLog LOG = new CaseLog("RateLimitIT");

    @Test
    void refreshesOverTheLimitAreRefusedWith429ForThatAddressOnly(SystemStack stack) throws IOException {
        InetAddress other = InetAddress.getByName("127.0.0.2");
        Assumptions.assumeTrue(canConnectFrom(other, stack), "this system cannot use 127.0.0.2 as a source address");
        int limit = Integer.getInteger("parley.system-tests.refresh-limit", 150);
        // No token at all: auth-service answers 401 without looking anything up.
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        List<Integer> statuses = new ArrayList<>();
        RawConnection.Response limited = null;
        RawConnection connection = null;
        try {
            for (int i = 0; i < limit + 5 && limited == null; i++) {
                if (connection == null) {
                    connection = RawConnection.open(stack.ssl(), stack.gatewayUrl(), other);
                }
                connection.writeRequest("POST", "localhost:" + stack.gatewayUrl().getPort(), "/api/auth/session/refresh",
                        Map.of("Content-Type", "application/json"), body);
                RawConnection.Response response = connection.readResponse(false);
                statuses.add(response.status());
                if (response.status() == 429) {
                    limited = response;
                }
                if ("close".equalsIgnoreCase(response.header("Connection"))) {
                    connection.close();
                    connection = null;
                }
            }
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
        long served = statuses.stream().filter(status -> status == 401).count();
        LOG.record("rate limit", "POST /api/auth/session/refresh", "from 127.0.0.2, " + statuses.size() + " requests",
                served + " × 401, then " + (limited == null ? "no 429" : "429"), List.of());

        assertThat(served).as("requests served before the limit").isEqualTo(limit);
        assertThat(limited).as("an answer over the limit").isNotNull();
        assertThat(limited.header("Retry-After")).as("Retry-After").isNotNull();
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isPositive();
        assertThat(ErrorShape.problems(limited.asAnswer())).isEmpty();
        assertThat(limited.asAnswer().json().path("error").asText()).isEqualTo("too_many_requests");

        Answer fromElsewhere = new Gateway(stack).send(Request.of("POST", "/api/auth/session/refresh").jsonBytes(body));
        LOG.record("rate limit", "POST /api/auth/session/refresh", "from 127.0.0.1 meanwhile",
                fromElsewhere.status() + "", fromElsewhere.status() == 401 ? List.of() : List.of("not served"));
        assertThat(fromElsewhere.status()).as("127.0.0.1, which has its own allowance").isEqualTo(401);
        LOG.write();
    }

    private static boolean canConnectFrom(InetAddress address, SystemStack stack) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(address, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), stack.gatewayUrl().getPort()), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
