package dev.parley.loadgen;

import java.net.URI;
import java.util.List;
import java.util.Set;

import dev.parley.loadgen.BenchUsers.SignedIn;

/**
 * The chat benchmark, run against a running stack (./parley up). See loadgen/README.md for the commands and the
 * numbers they gave.
 */
public final class LoadGenerator {

    private static final Set<String> OPTIONS = Set.of("pairs", "rate", "warmup", "duration", "connections", "users",
            "hold", "via", "chat-pid", "gateway", "chat-service", "home", "kdf-iterations", "threads");

    private LoadGenerator() {
    }

    public static void main(String[] args) {
        Options options = Options.parse(args, OPTIONS);
        switch (options.command()) {
            case "messages" -> messages(options);
            case "idle" -> idle(options);
            default -> help();
        }
        System.exit(0);
    }

    private static void messages(Options options) {
        Http http = gateway(options);
        int pairs = options.integer("pairs", 100);
        List<SignedIn> users = users(http, options).signIn(pairs * 2);
        List<Pairs.Pair> friends = new Pairs(http).befriend(users);
        MessageBenchmark.Result result = new MessageBenchmark(http, friends, options.integer("rate", 1000),
                options.seconds("warmup", 10), options.seconds("duration", 60)).run();
        System.out.println();
        System.out.printf("pairs %d, offered %d msgs/s, measured %d s%n", result.pairs(), result.offeredPerSecond(),
                result.window().toSeconds());
        System.out.printf("persisted  %.0f msgs/s (acknowledged by the server)%n", result.persistedPerSecond());
        System.out.printf("delivered  %.0f msgs/s (opened and verified by the recipient)%n", result.deliveredPerSecond());
        Latencies latencies = result.latencies();
        System.out.printf("latency    p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (%d messages)%n",
                latencies.percentileMillis(50), latencies.percentileMillis(95), latencies.percentileMillis(99),
                latencies.percentileMillis(100), latencies.count());
        System.out.printf("errors     %d failed sends or error frames, %d integrity alerts, %d of %d not delivered%n",
                result.errors(), result.integrityProblems(), result.missing(), result.sent());
    }

    private static void idle(Options options) {
        Http http = gateway(options);
        List<SignedIn> users = users(http, options).signIn(options.integer("users", 100));
        boolean direct = options.text("via", "gateway").equals("chat");
        URI server = direct ? options.chatService() : options.gateway();
        long pid = options.text("chat-pid", "").isEmpty() ? IdleBenchmark.chatPidOf(options.home())
                : Long.parseLong(options.text("chat-pid", ""));
        IdleBenchmark.Result result = new IdleBenchmark(http, server, users, pid, options.chatService())
                .run(options.integer("connections", 10_000), options.seconds("hold", 10));
        System.out.println();
        System.out.printf("sockets    %d open of %d requested (%d failed), via %s, opened in %.1f s%n", result.opened(),
                result.requested(), result.failed(), direct ? "chat-service directly" : "the gateway",
                result.openingTook().toMillis() / 1000.0);
        System.out.printf("chat heap  %.1f MB before, %.1f MB after (live, after full GC)%n",
                result.heapBefore() / 1e6, result.heapAfter() / 1e6);
        System.out.printf("per socket %.1f KB of chat-service heap%n", result.bytesPerConnection() / 1024);
    }

    private static Http gateway(Options options) {
        return new Http(Http.trusting(options.home().resolve("certs").resolve("ca.crt")), options.gateway());
    }

    private static BenchUsers users(Http http, Options options) {
        return new BenchUsers(http, options.home(), options.integer("kdf-iterations", 600_000),
                options.integer("threads", Runtime.getRuntime().availableProcessors()));
    }

    private static void help() {
        System.out.println("""
                Parley chat benchmark, against a running stack (./parley up).

                  messages  --pairs 100 --rate 1000 --warmup 10 --duration 60
                            pairs of friends send each other encrypted messages at a total rate (msgs/s);
                            reports persisted and delivered msgs/s, end-to-end latency, errors
                  idle      --connections 10000 --users 100 --hold 10 [--via gateway|chat] [--chat-pid PID]
                            holds idle sockets open and reports chat-service heap per socket

                Common: --gateway https://localhost:8443  --chat-service http://127.0.0.1:8184
                        --home .parley (PARLEY_HOME)  --kdf-iterations 600000  --threads <cores>
                Run with: ./mvnw -q -pl loadgen exec:exec -Dloadgen.args="messages --pairs 100 --rate 1000"
                """);
    }
}
