package dev.parley.loadgen;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.parley.loadgen.BenchUsers.SignedIn;

/**
 * The chat benchmark, run against a running stack (./parley up). See loadgen/README.md for the commands and the
 * numbers they gave.
 */
public final class LoadGenerator {

    private static final Set<String> OPTIONS = Set.of("pairs", "rate", "warmup", "duration", "interval",
            "latency-factor", "connections", "users", "hold", "via", "extra-gateways", "chat-pid", "gateway-pid",
            "gateway", "chat-service", "home", "kdf-iterations", "threads");

    private LoadGenerator() {
    }

    public static void main(String[] args) {
        Options options = Options.parse(args, OPTIONS);
        switch (options.command()) {
            case "messages" -> messages(options);
            case "soak" -> soak(options);
            case "idle" -> idle(options);
            default -> help();
        }
        System.exit(0);
    }

    private static void messages(Options options) {
        Http http = gateway(options);
        MessageBenchmark.Result result = new MessageBenchmark(http, friends(http, options),
                options.integer("rate", 1000), options.seconds("warmup", 10), options.seconds("duration", 60)).run();
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

    private static void soak(Options options) {
        Http http = gateway(options);
        List<Pairs.Pair> friends = friends(http, options);
        JvmProbe chat = new JvmProbe("chat-service", options.pid("chat-pid", "chat-service"), options.chatService(),
                http);
        JvmProbe gateway = new JvmProbe("gateway", options.pid("gateway-pid", "gateway"), options.gateway(), http);
        SoakBenchmark.Result result = new SoakBenchmark(http, friends, options.integer("rate", 100),
                options.seconds("warmup", 30), options.seconds("duration", 600), options.seconds("interval", 30),
                chat, gateway).run();
        new SoakReport(result, options.decimal("latency-factor", 2)).print();
    }

    private static void idle(Options options) {
        Http http = gateway(options);
        List<SignedIn> users = users(http, options).signIn(options.integer("users", 100));
        boolean direct = options.text("via", "gateway").equals("chat");
        JvmProbe chat = new JvmProbe("chat-service", options.pid("chat-pid", "chat-service"), options.chatService(),
                http);
        List<URI> servers = new ArrayList<>();
        List<JvmProbe> gateways = new ArrayList<>();
        if (direct) {
            servers.add(options.chatService());
        } else {
            servers.addAll(options.gateways());
            URI stackGateway = options.stackAddress("gateway", "https://localhost:8443");
            options.knownPid("gateway-pid", "gateway").ifPresent(pid -> {
                if (servers.contains(stackGateway)) {
                    gateways.add(new JvmProbe("gateway", pid, stackGateway, http));
                }
            });
        }
        try (ExtraGateways extra = ExtraGateways.start(direct ? 0 : options.integer("extra-gateways", 0), options,
                http)) {
            for (ExtraGateways.Gateway started : extra.started()) {
                servers.add(started.url());
                gateways.add(new JvmProbe(started.name(), started.process().pid(), started.url(), http));
            }
            IdleBenchmark.Result result = new IdleBenchmark(http, servers, users, chat, gateways)
                    .run(options.integer("connections", 10_000), options.seconds("hold", 10));
            System.out.println();
            System.out.printf("sockets    %d open of %d requested (%d failed), via %s, opened in %.1f s%n",
                    result.opened(), result.requested(), result.failed(),
                    direct ? "chat-service directly" : servers.size() + " gateway(s)",
                    result.openingTook().toMillis() / 1000.0);
            if (!direct) {
                result.openedByServer().forEach((server, opened) ->
                        System.out.printf("           %d through %s%n", opened, server));
            }
            System.out.printf("chat heap  %.1f MB before, %.1f MB after (live, after full GC)%n",
                    result.heapBefore() / 1e6, result.heapAfter() / 1e6);
            System.out.printf("per socket %.1f KB of chat-service heap%n", result.bytesPerConnection() / 1024);
            result.descriptors().forEach((process, count) ->
                    System.out.printf("open fds   %d in %s, with the sockets open%n", count, process));
        }
    }

    private static List<Pairs.Pair> friends(Http http, Options options) {
        List<SignedIn> users = users(http, options).signIn(options.integer("pairs", 100) * 2);
        return new Pairs(http).befriend(users);
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
                  soak      --pairs 100 --rate 100 --warmup 30 --duration 600 --interval 30 --latency-factor 2
                            the same at a fixed rate for a long time; per interval: delivered msgs/s, p50/p99,
                            chat-service's and the gateway's heap and open descriptors; then whether latency,
                            live heap and descriptors stayed flat, and whether every acknowledged message is
                            stored exactly once (read back from every conversation's history)
                  idle      --connections 10000 --users 100 --hold 10 [--via gateway|chat] [--extra-gateways N]
                            holds idle sockets open and reports chat-service heap per socket; the sockets are
                            spread over every --gateway listed and N more gateways started for the run

                Common: --gateway https://localhost:8443[,https://localhost:8444...]
                        --chat-service http://127.0.0.1:8184
                        (both default to the running stack's, from <home>/endpoints.properties)
                        --chat-pid PID --gateway-pid PID (default: the stack's pid files)
                        --home .parley (PARLEY_HOME)  --kdf-iterations 600000  --threads <cores>
                Run with: ./mvnw -q -pl loadgen exec:exec -Dloadgen.args="messages --pairs 100 --rate 1000"
                """);
    }
}
