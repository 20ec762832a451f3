package dev.parley.loadgen;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.client.chat.ChatClient;
import dev.parley.client.crypto.DeviceId;
import dev.parley.loadgen.BenchUsers.SignedIn;

/**
 * Holds many idle sockets open on one chat-service instance and measures what they cost it: the instance's live heap
 * (after a full GC, through {@code jcmd}) before and after, divided by the sockets. Each socket is a device of one of
 * the users, so thousands of sockets need only a few accounts. The sockets are spread round-robin over the servers
 * given (several gateways, since one gateway needs two descriptors per socket), all in front of that chat-service.
 */
final class IdleBenchmark {

    /** What one run found; {@code openedByServer} and {@code descriptors} (per process probed) in their order. */
    record Result(int requested, int opened, int failed, long heapBefore, long heapAfter, Duration openingTook,
            Map<URI, Integer> openedByServer, Map<String, Long> descriptors) {
        double bytesPerConnection() {
            return opened == 0 ? Double.NaN : (heapAfter - heapBefore) / (double) opened;
        }
    }

    /** Handshakes under way at once: enough to open thousands quickly without flooding the gateway. */
    private static final int OPENING_AT_ONCE = 100;
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final Http http;
    private final List<URI> servers;
    private final List<SignedIn> users;
    private final JvmProbe chat;
    private final List<JvmProbe> gateways;

    /** {@code gateways}: the gateway processes whose descriptors are reported (those whose pid is known). */
    IdleBenchmark(Http http, List<URI> servers, List<SignedIn> users, JvmProbe chat, List<JvmProbe> gateways) {
        this.http = http;
        this.servers = servers;
        this.users = users;
        this.chat = chat;
        this.gateways = gateways;
    }

    Result run(int connections, Duration hold) {
        long before = chat.liveHeap();
        List<ChatClient> clients = new ArrayList<>();
        List<URI> serverOfClient = new ArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        Semaphore opening = new Semaphore(OPENING_AT_ONCE);
        long started = System.nanoTime();
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                SignedIn user = users.get(i % users.size());
                URI server = servers.get(i % servers.size());
                ChatClient client = ChatClient.builder().server(server).httpClient(http.client())
                        .user(user.userId(), user.identity()).deviceId(DeviceId.random())
                        .accessToken(user::accessToken).build();
                clients.add(client);
                serverOfClient.add(server);
                opening.acquireUninterruptibly();
                ready.add(client.connect().orTimeout(60, TimeUnit.SECONDS).whenComplete((ignored, failure) -> {
                    opening.release();
                    if (failure != null) {
                        failed.incrementAndGet();
                    }
                }));
                if ((i + 1) % 1000 == 0) {
                    System.out.printf("  %d sockets opening or open%n", i + 1);
                }
            }
            ready.forEach(future -> future.exceptionally(failure -> null).join());
            Duration openingTook = Duration.ofNanos(System.nanoTime() - started);
            Pairs.sleep(SETTLE);
            Map<URI, Integer> openedByServer = new LinkedHashMap<>();
            servers.forEach(server -> openedByServer.put(server, 0));
            for (int i = 0; i < clients.size(); i++) {
                if (clients.get(i).isConnected()) {
                    openedByServer.merge(serverOfClient.get(i), 1, Integer::sum);
                }
            }
            int opened = openedByServer.values().stream().mapToInt(Integer::intValue).sum();
            Map<String, Long> descriptors = new LinkedHashMap<>();
            descriptors.put(chat.name(), chat.openDescriptors());
            gateways.forEach(gateway -> descriptors.put(gateway.name(), gateway.openDescriptors()));
            long after = chat.liveHeap();
            System.out.printf("Holding %d sockets for %d s...%n", opened, hold.toSeconds());
            Pairs.sleep(hold);
            return new Result(connections, opened, failed.get(), before, after, openingTook, openedByServer,
                    descriptors);
        } finally {
            clients.forEach(ChatClient::close);
        }
    }
}
