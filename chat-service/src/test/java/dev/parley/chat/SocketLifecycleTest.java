package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.chat.People.Person;
import dev.parley.chat.socket.LocalSockets;
import dev.parley.client.crypto.DeviceId;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.OpenConnections;

/**
 * A closed socket leaves nothing behind: not in the registry of sockets by user, not among the open connections, and
 * not as a file descriptor of the process (the server runs in this test's JVM, so its descriptors are this process's).
 * No garbage collection is forced once the sockets closed: an idle instance may not see one for hours, and must not run
 * out of descriptors meanwhile. (One is forced before counting starts, to clear earlier tests' garbage.)
 */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "chat"))
class SocketLifecycleTest {

    private static final int SOCKETS = 200;
    /**
     * Descriptors that may come and go meanwhile for other reasons (a database or broker connection more or less);
     * a leak of one per socket would be ten times as many.
     */
    private static final int UNRELATED_DESCRIPTORS = SOCKETS / 10;
    private static final Duration RELEASED_WITHIN = Duration.ofSeconds(15);
    private static final Path OWN_DESCRIPTORS = Path.of("/proc/self/fd");

    @TestHTTPResource("/ws/chat")
    URI chatSocket;

    @Inject
    LocalSockets sockets;

    @Inject
    OpenConnections connections;

    @Test
    void closedSocketsLeaveNoConnectionAndNoDescriptorBehind() throws Exception {
        Person alice = People.newPerson("alice");
        // A first round grows the pools a burst of sockets needs (database connections for their events).
        closeAll(openSockets(alice, SOCKETS / 4));
        awaitNoSocketLeft();
        long descriptorsBefore = settledDescriptors();

        List<RawSocket> open = openSockets(alice, SOCKETS);
        assertThat(sockets.count()).isEqualTo(SOCKETS);
        assertThat(connections.listAll()).hasSize(SOCKETS);
        if (descriptorsBefore >= 0) {
            // Each socket is a descriptor on the server's side (and one on the client's, also in this process).
            assertThat(descriptors()).isGreaterThanOrEqualTo(descriptorsBefore + SOCKETS);
        }

        closeAll(open);
        awaitNoSocketLeft();
        if (descriptorsBefore >= 0) {
            await().atMost(RELEASED_WITHIN).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(descriptors())
                            .as("open descriptors (before: %d)", descriptorsBefore)
                            .isLessThanOrEqualTo(descriptorsBefore + UNRELATED_DESCRIPTORS));
        }
    }

    private List<RawSocket> openSockets(Person person, int count) {
        List<RawSocket> open = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RawSocket socket = RawSocket.open(chatSocket, person.token(), DeviceId.random().toBase64Url());
            socket.next("ready");
            open.add(socket);
        }
        return open;
    }

    /** Closes the sockets as clients do (a close frame) and waits for the server's answering close. */
    private static void closeAll(List<RawSocket> open) throws Exception {
        open.forEach(RawSocket::close);
        for (RawSocket socket : open) {
            socket.closed.get(RELEASED_WITHIN.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private void awaitNoSocketLeft() {
        await().atMost(RELEASED_WITHIN).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(sockets.count()).as("sockets registered by user").isZero();
            assertThat(connections.listAll()).as("open connections").isEmpty();
        });
    }

    /**
     * The descriptor count to start from, once earlier tests' garbage is gone. Once the count fell by 142 while this
     * test opened its sockets: descriptors of earlier tests were released meanwhile, most likely connections of their
     * HTTP clients, left to the garbage collector (two descriptors each here, client and server). So the count is
     * taken after a collection, once it has held still for half a second; the release of this test's sockets is still
     * checked without any forced collection.
     */
    private static long settledDescriptors() throws InterruptedException {
        System.gc();
        long previous = descriptors();
        for (int reading = 0; reading < 20; reading++) {
            Thread.sleep(500);
            long current = descriptors();
            if (current == previous) {
                return current;
            }
            previous = current;
        }
        return previous;
    }

    /** This process's open file descriptors, or -1 where the system does not list them (not Linux). */
    private static long descriptors() {
        if (!Files.isDirectory(OWN_DESCRIPTORS)) {
            return -1;
        }
        try (Stream<Path> descriptors = Files.list(OWN_DESCRIPTORS)) {
            return descriptors.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
