package dev.parley.loadgen;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.loadgen.BenchUsers.SignedIn;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The chat benchmark, run against a running stack (./parley up). See loadgen/README.md for the commands and the
 * numbers they gave.
 */
@Command(name = "loadgen", synopsisSubcommandLabel = "COMMAND", usageHelpWidth = 120,
        description = "Parley chat benchmark, against a running stack (./parley up).",
        subcommands = { LoadGenerator.Messages.class, LoadGenerator.Groups.class, LoadGenerator.Soak.class,
                LoadGenerator.Overload.class, LoadGenerator.Idle.class,
                HelpCommand.class },
        footer = { "", "Run with: ./mvnw -q -pl loadgen exec:exec -Dloadgen.args=\"messages --pairs 100 --rate 1000\"" })
public final class LoadGenerator implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help.")
    boolean help;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new LoadGenerator());
    }

    /** Without a command: the help, as before there was a parser. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "messages", sortOptions = false, usageHelpWidth = 120,
            description = { "Pairs of friends send each other encrypted messages at a total rate (msgs/s); reports "
                    + "persisted and delivered msgs/s, latency from each message's intended send time, errors, and "
                    + "the CPU each server process and the load generator used per delivered message over the "
                    + "measured window." })
    static final class Messages implements Runnable {

        @Option(names = "--pairs", defaultValue = "100", paramLabel = "N",
                description = "Pairs of friends (default: ${DEFAULT-VALUE}).")
        int pairs;

        @Option(names = "--rate", defaultValue = "1000", paramLabel = "MSGS_PER_S",
                description = "Messages per second offered in total (default: ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--warmup", defaultValue = "10", paramLabel = "SECONDS",
                description = "Seconds sent before measuring (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--duration", defaultValue = "60", paramLabel = "SECONDS",
                description = "Seconds measured (default: ${DEFAULT-VALUE}).")
        int duration;

        @Mixin
        Options options;

        @Override
        public void run() {
            RunContext context = RunContext.now("messages");
            Http http = gateway(options);
            StackMonitor monitor = new StackMonitor(options, http);
            MessageBenchmark.Result result = new MessageBenchmark(http, friends(http, options, pairs), rate,
                    Duration.ofSeconds(warmup), Duration.ofSeconds(duration), options.sendThreads(), monitor).run();
            MessageReport report = new MessageReport(result);
            report.print();
            writeIfAsked(options, context, report::addTo);
        }
    }

    @Command(name = "groups", sortOptions = false, usageHelpWidth = 120,
            description = { "Groups of friends send to their group at a total rate (sends/s), round-robin over groups "
                    + "and senders; reports sends and deliveries (each other member's receipt) per second, latency "
                    + "from each message's intended send time to the last member's receipt, errors, whether every "
                    + "group's history holds each acknowledged message once, and the CPU each server process and the "
                    + "load generator used per delivery over the measured window." })
    static final class Groups implements Runnable {

        @Option(names = "--groups", defaultValue = "10", paramLabel = "N",
                description = "Groups (default: ${DEFAULT-VALUE}).")
        int groups;

        @Option(names = "--members", defaultValue = "10", paramLabel = "N",
                description = "Members of each group, 2 to 50 (default: ${DEFAULT-VALUE}).")
        int members;

        @Option(names = "--rate", defaultValue = "100", paramLabel = "SENDS_PER_S",
                description = "Messages per second sent in total (default: ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--warmup", defaultValue = "10", paramLabel = "SECONDS",
                description = "Seconds sent before measuring (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--duration", defaultValue = "60", paramLabel = "SECONDS",
                description = "Seconds measured (default: ${DEFAULT-VALUE}).")
        int duration;

        @Mixin
        Options options;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            if (members < 2 || members > 50 || groups < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--members must be 2 to 50 (a group's size) and --groups at least 1");
            }
            RunContext context = RunContext.now("groups");
            Http http = gateway(options);
            List<BenchGroups.BenchGroup> benchGroups = new BenchGroups(http)
                    .form(users(http, options).signIn(groups * members), members);
            GroupBenchmark.Result result = new GroupBenchmark(http, benchGroups, rate, Duration.ofSeconds(warmup),
                    Duration.ofSeconds(duration), options.sendThreads(), new StackMonitor(options, http)).run();
            GroupReport report = new GroupReport(result);
            report.print();
            writeIfAsked(options, context, report::addTo);
        }
    }

    @Command(name = "soak", sortOptions = false, usageHelpWidth = 120,
            description = { "The same at a fixed rate for a long time; per interval: delivered msgs/s, p50/p99, "
                    + "chat-service's and the gateway's heap and open descriptors; then whether latency, live heap "
                    + "and descriptors stayed flat, and whether every acknowledged message is stored exactly once "
                    + "(read back from every conversation's history)." })
    static final class Soak implements Runnable {

        @Option(names = "--pairs", defaultValue = "100", paramLabel = "N",
                description = "Pairs of friends (default: ${DEFAULT-VALUE}).")
        int pairs;

        @Option(names = "--rate", defaultValue = "100", paramLabel = "MSGS_PER_S",
                description = "Messages per second offered in total (default: ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--warmup", defaultValue = "30", paramLabel = "SECONDS",
                description = "Seconds sent before measuring (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--duration", defaultValue = "600", paramLabel = "SECONDS",
                description = "Seconds measured (default: ${DEFAULT-VALUE}).")
        int duration;

        @Option(names = "--interval", defaultValue = "30", paramLabel = "SECONDS",
                description = "Seconds per reported interval (default: ${DEFAULT-VALUE}).")
        int interval;

        @Option(names = "--latency-factor", defaultValue = "2", paramLabel = "FACTOR",
                description = "Latency is flat when the last interval's p50 and p99 are at most this times the "
                        + "first's (default: ${DEFAULT-VALUE}).")
        double latencyFactor;

        @Mixin
        Options options;

        @Override
        public void run() {
            RunContext context = RunContext.now("soak");
            Http http = gateway(options);
            List<Pairs.Pair> friends = friends(http, options, pairs);
            JvmProbe chat = new JvmProbe("chat-service", options.chatPid(), options.chatService(), http);
            JvmProbe gateway = new JvmProbe("gateway", options.gatewayPid(), options.gateway(), http);
            SoakBenchmark.Result result = new SoakBenchmark(http, friends, rate, Duration.ofSeconds(warmup),
                    Duration.ofSeconds(duration), Duration.ofSeconds(interval), options.sendThreads(), chat, gateway,
                    new StackMonitor(options, http)).run();
            SoakReport report = new SoakReport(result, latencyFactor);
            report.print();
            writeIfAsked(options, context, report::addTo);
        }
    }

    @Command(name = "overload", sortOptions = false, usageHelpWidth = 120,
            description = { "Probe pairs talk at a normal rate throughout; after a quiet start the other pairs offer "
                    + "more than the stack can store, then stop (their clients close with what they had not sent). "
                    + "Per interval: the overload's stored msgs/s, the probes' latency and chat-service's heap; then "
                    + "how long after the overload the probes' latency was back to normal, and whether every "
                    + "acknowledged message is stored exactly once." })
    static final class Overload implements Runnable {

        @Option(names = "--pairs", defaultValue = "100", paramLabel = "N",
                description = "Pairs of friends that overload (default: ${DEFAULT-VALUE}).")
        int pairs;

        @Option(names = "--rate", defaultValue = "5000", paramLabel = "MSGS_PER_S",
                description = "Messages per second they offer in total (default: ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--probe-pairs", defaultValue = "10", paramLabel = "N",
                description = "Pairs of friends that probe (default: ${DEFAULT-VALUE}).")
        int probePairs;

        @Option(names = "--probe-rate", defaultValue = "100", paramLabel = "MSGS_PER_S",
                description = "Messages per second the probes send in total (default: ${DEFAULT-VALUE}).")
        int probeRate;

        @Option(names = "--before", defaultValue = "20", paramLabel = "SECONDS",
                description = "Seconds of probes alone first: the baseline (default: ${DEFAULT-VALUE}).")
        int before;

        @Option(names = "--duration", defaultValue = "60", paramLabel = "SECONDS",
                description = "Seconds of overload (default: ${DEFAULT-VALUE}).")
        int duration;

        @Option(names = "--after", defaultValue = "30", paramLabel = "SECONDS",
                description = "Seconds of probes alone after the overload (default: ${DEFAULT-VALUE}).")
        int after;

        @Option(names = "--interval", defaultValue = "2", paramLabel = "SECONDS",
                description = "Seconds per reported interval (default: ${DEFAULT-VALUE}).")
        int interval;

        @Mixin
        Options options;

        @Override
        public void run() {
            RunContext context = RunContext.now("overload");
            Http http = gateway(options);
            List<Pairs.Pair> friends = friends(http, options, probePairs + pairs);
            JvmProbe chat = new JvmProbe("chat-service", options.chatPid(), options.chatService(), http);
            OverloadBenchmark.Result result = new OverloadBenchmark(http, friends.subList(0, probePairs),
                    friends.subList(probePairs, friends.size()), probeRate, rate, Duration.ofSeconds(before),
                    Duration.ofSeconds(duration), Duration.ofSeconds(after), Duration.ofSeconds(interval),
                    options.sendThreads(), chat).run();
            OverloadReport report = new OverloadReport(result);
            report.print();
            writeIfAsked(options, context, report::addTo);
        }
    }

    /** Where the idle sockets are opened. */
    enum Via {
        gateway, chat
    }

    @Command(name = "idle", sortOptions = false, usageHelpWidth = 120,
            description = { "Holds idle sockets open and reports chat-service heap per socket; the sockets are "
                    + "spread over every --gateway listed and --extra-gateways more started for the run." })
    static final class Idle implements Runnable {

        @Option(names = "--connections", defaultValue = "10000", paramLabel = "N",
                description = "Sockets to hold (default: ${DEFAULT-VALUE}).")
        int connections;

        @Option(names = "--users", defaultValue = "100", paramLabel = "N",
                description = "Accounts the sockets belong to, each socket another device (default: ${DEFAULT-VALUE}).")
        int users;

        @Option(names = "--hold", defaultValue = "10", paramLabel = "SECONDS",
                description = "Seconds the sockets stay open after the measurement (default: ${DEFAULT-VALUE}).")
        int hold;

        @Option(names = "--via", defaultValue = "gateway", paramLabel = "gateway|chat",
                description = "chat opens the sockets on chat-service directly (default: ${DEFAULT-VALUE}).")
        Via via;

        @Option(names = "--extra-gateways", defaultValue = "0", paramLabel = "N",
                description = "Start this many more gateways for the run, and stop them after (default: "
                        + "${DEFAULT-VALUE}).")
        int extraGateways;

        @Mixin
        Options options;

        @Override
        public void run() {
            RunContext context = RunContext.now("idle");
            List<Double> loadAtStart = StackMonitor.loadAverage();
            Http http = gateway(options);
            List<SignedIn> signedIn = users(http, options).signIn(users);
            boolean direct = via == Via.chat;
            JvmProbe chat = new JvmProbe("chat-service", options.chatPid(), options.chatService(), http);
            List<URI> servers = new ArrayList<>();
            List<JvmProbe> gateways = new ArrayList<>();
            if (direct) {
                servers.add(options.chatService());
            } else {
                servers.addAll(options.gateways());
                URI stackGateway = options.stackAddress("gateway", "https://localhost:8443");
                options.knownGatewayPid().ifPresent(pid -> {
                    if (servers.contains(stackGateway)) {
                        gateways.add(new JvmProbe("gateway", pid, stackGateway, http));
                    }
                });
            }
            IdleBenchmark.Result result;
            try (ExtraGateways extra = ExtraGateways.start(direct ? 0 : extraGateways, options, http)) {
                for (ExtraGateways.Gateway started : extra.started()) {
                    servers.add(started.url());
                    gateways.add(new JvmProbe(started.name(), started.process().pid(), started.url(), http));
                }
                result = new IdleBenchmark(http, servers, signedIn, chat, gateways)
                        .run(connections, Duration.ofSeconds(hold));
            }
            IdleReport report = new IdleReport(result, direct, loadAtStart, StackMonitor.loadAverage());
            report.print();
            writeIfAsked(options, context, report::addTo);
        }
    }

    /** With {@code --out}: the run's identity, PostgreSQL's durability settings and what the mode adds, as JSON. */
    private static void writeIfAsked(Options options, RunContext context, Consumer<ObjectNode> result) {
        options.out().ifPresent(file -> {
            ObjectNode json = ResultJson.start(context, PostgresSettings.read(options));
            result.accept(json);
            ResultJson.write(file, json);
        });
    }

    private static List<Pairs.Pair> friends(Http http, Options options, int pairs) {
        List<SignedIn> users = users(http, options).signIn(pairs * 2);
        return new Pairs(http).befriend(users);
    }

    private static Http gateway(Options options) {
        return new Http(Http.trusting(options.home().resolve("certs").resolve("ca.crt")), options.gateway());
    }

    private static BenchUsers users(Http http, Options options) {
        return new BenchUsers(http, options.home(), options.kdfIterations, options.threads());
    }
}
