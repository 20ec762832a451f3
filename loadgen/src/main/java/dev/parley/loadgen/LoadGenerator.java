package dev.parley.loadgen;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.loadgen.BenchUsers.SignedIn;

/**
 * The chat benchmark, run against a running stack (./parley up). See loadgen/README.md for the commands and the
 * numbers they gave.
 */
public final class LoadGenerator {

    private static final Set<String> OPTIONS = Set.of("pairs", "rate", "warmup", "duration", "interval",
            "latency-factor", "connections", "users", "hold", "via", "extra-gateways", "chat-pid", "gateway-pid",
            "gateway", "chat-service", "home", "kdf-iterations", "threads", "send-threads", "out");
    /** Sealing runs in the senders' threads; more of them than cores only adds switching. */
    private static final int MAX_SEND_THREADS = 4;

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
        RunContext context = RunContext.now("messages");
        Http http = gateway(options);
        StackMonitor monitor = new StackMonitor(options, http);
        MessageBenchmark.Result result = new MessageBenchmark(http, friends(http, options),
                options.integer("rate", 1000), options.seconds("warmup", 10), options.seconds("duration", 60),
                sendThreads(options), monitor).run();
        MessageReport report = new MessageReport(result);
        report.print();
        writeIfAsked(options, context, report::addTo);
    }

    private static void soak(Options options) {
        RunContext context = RunContext.now("soak");
        Http http = gateway(options);
        List<Pairs.Pair> friends = friends(http, options);
        JvmProbe chat = new JvmProbe("chat-service", options.pid("chat-pid", "chat-service"), options.chatService(),
                http);
        JvmProbe gateway = new JvmProbe("gateway", options.pid("gateway-pid", "gateway"), options.gateway(), http);
        SoakBenchmark.Result result = new SoakBenchmark(http, friends, options.integer("rate", 100),
                options.seconds("warmup", 30), options.seconds("duration", 600), options.seconds("interval", 30),
                sendThreads(options), chat, gateway, new StackMonitor(options, http)).run();
        SoakReport report = new SoakReport(result, options.decimal("latency-factor", 2));
        report.print();
        writeIfAsked(options, context, report::addTo);
    }

    private static void idle(Options options) {
        RunContext context = RunContext.now("idle");
        List<Double> loadAtStart = StackMonitor.loadAverage();
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
        IdleBenchmark.Result result;
        try (ExtraGateways extra = ExtraGateways.start(direct ? 0 : options.integer("extra-gateways", 0), options,
                http)) {
            for (ExtraGateways.Gateway started : extra.started()) {
                servers.add(started.url());
                gateways.add(new JvmProbe(started.name(), started.process().pid(), started.url(), http));
            }
            result = new IdleBenchmark(http, servers, users, chat, gateways)
                    .run(options.integer("connections", 10_000), options.seconds("hold", 10));
        }
        IdleReport report = new IdleReport(result, direct, loadAtStart, StackMonitor.loadAverage());
        report.print();
        writeIfAsked(options, context, report::addTo);
    }

    /** With {@code --out}: the run's identity, PostgreSQL's durability settings and what the mode adds, as JSON. */
    private static void writeIfAsked(Options options, RunContext context, Consumer<ObjectNode> result) {
        options.out().ifPresent(file -> {
            ObjectNode json = ResultJson.start(context, PostgresSettings.read(options));
            result.accept(json);
            ResultJson.write(file, json);
        });
    }

    private static List<Pairs.Pair> friends(Http http, Options options) {
        List<SignedIn> users = users(http, options).signIn(options.integer("pairs", 100) * 2);
        return new Pairs(http).befriend(users);
    }

    private static Http gateway(Options options) {
        return new Http(Http.trusting(options.home().resolve("certs").resolve("ca.crt")), options.gateway());
    }

    private static int sendThreads(Options options) {
        return options.integer("send-threads", Math.min(MAX_SEND_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    private static BenchUsers users(Http http, Options options) {
        return new BenchUsers(http, options.home(), options.integer("kdf-iterations", 600_000),
                options.integer("threads", Runtime.getRuntime().availableProcessors()));
    }

    private static void help() {
        System.out.println("""
                Parley chat benchmark, against a running stack (./parley up).

                  messages  --pairs 100 --rate 1000 --warmup 10 --duration 60 [--send-threads N] [--out FILE]
                            pairs of friends send each other encrypted messages at a total rate (msgs/s);
                            reports persisted and delivered msgs/s, latency from each message's intended send
                            time, errors, and the CPU each server process and the load generator used per
                            delivered message over the measured window
                  soak      --pairs 100 --rate 100 --warmup 30 --duration 600 --interval 30 --latency-factor 2
                            [--send-threads N] [--out FILE]
                            the same at a fixed rate for a long time; per interval: delivered msgs/s, p50/p99,
                            chat-service's and the gateway's heap and open descriptors; then whether latency,
                            live heap and descriptors stayed flat, and whether every acknowledged message is
                            stored exactly once (read back from every conversation's history)
                  idle      --connections 10000 --users 100 --hold 10 [--via gateway|chat] [--extra-gateways N]
                            [--out FILE]
                            holds idle sockets open and reports chat-service heap per socket; the sockets are
                            spread over every --gateway listed and N more gateways started for the run

                Common: --gateway https://localhost:8443[,https://localhost:8444...]
                        --chat-service http://127.0.0.1:8184
                        (both default to the running stack's, from <home>/endpoints.properties)
                        --chat-pid PID --gateway-pid PID (default: the stack's pid files)
                        --home .parley (PARLEY_HOME)  --kdf-iterations 600000  --threads <cores>
                        --send-threads <cores, at most 4>: threads that seal and send (messages, soak)
                        --out FILE: also write the result as JSON (the summary is printed either way)
                Run with: ./mvnw -q -pl loadgen exec:exec -Dloadgen.args="messages --pairs 100 --rate 1000"
                """);
    }
}
