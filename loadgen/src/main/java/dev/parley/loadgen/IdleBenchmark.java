package dev.parley.loadgen;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * the users, so thousands of sockets need only a few accounts.
 */
final class IdleBenchmark {

    /** What one run found. */
    record Result(int requested, int opened, int failed, long heapBefore, long heapAfter, Duration openingTook) {
        double bytesPerConnection() {
            return opened == 0 ? Double.NaN : (heapAfter - heapBefore) / (double) opened;
        }
    }

    /** Handshakes under way at once: enough to open thousands quickly without flooding the gateway. */
    private static final int OPENING_AT_ONCE = 100;
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final Http http;
    private final URI server;
    private final List<SignedIn> users;
    private final long chatPid;
    private final URI chatMetrics;

    IdleBenchmark(Http http, URI server, List<SignedIn> users, long chatPid, URI chatService) {
        this.http = http;
        this.server = server;
        this.users = users;
        this.chatPid = chatPid;
        this.chatMetrics = chatService.resolve("/q/metrics");
    }

    /** The pid the local stack recorded for chat-service. */
    static long chatPidOf(Path home) {
        Path pidFile = home.resolve("pids").resolve("chat-service.pid");
        try {
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("No chat-service pid in " + pidFile + " (is the stack up? or give --chat-pid)", e);
        }
    }

    Result run(int connections, Duration hold) {
        long before = liveHeap();
        List<ChatClient> clients = new ArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        Semaphore opening = new Semaphore(OPENING_AT_ONCE);
        long started = System.nanoTime();
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                SignedIn user = users.get(i % users.size());
                ChatClient client = ChatClient.builder().server(server).httpClient(http.client())
                        .user(user.userId(), user.identity()).deviceId(DeviceId.random())
                        .accessToken(user::accessToken).build();
                clients.add(client);
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
            long opened = clients.stream().filter(ChatClient::isConnected).count();
            long after = liveHeap();
            System.out.printf("Holding %d sockets for %d s...%n", opened, hold.toSeconds());
            Pairs.sleep(hold);
            return new Result(connections, (int) opened, failed.get(), before, after, openingTook);
        } finally {
            clients.forEach(ChatClient::close);
        }
    }

    /** chat-service's heap after a full collection: what its live objects take. */
    private long liveHeap() {
        try {
            Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(chatPid), "GC.run").redirectErrorStream(true).start();
            gc.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (gc.waitFor() != 0) {
                throw new IllegalStateException("jcmd " + chatPid + " GC.run failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long used = 0;
        for (String line : http.text(chatMetrics).split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return used;
    }
}
