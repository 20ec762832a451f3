package dev.parley.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command line: a command, then {@code --name value} options. Defaults fit the local stack ({@code ./parley up}).
 */
final class Options {

    private final String command;
    private final Map<String, String> values;

    private Options(String command, Map<String, String> values) {
        this.command = command;
        this.values = values;
    }

    static Options parse(String[] args, Set<String> known) {
        if (args.length == 0) {
            return new Options("help", Map.of());
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length || !known.contains(name.substring(2))) {
                throw new IllegalArgumentException("Unknown or incomplete option: " + name);
            }
            values.put(name.substring(2), args[++i]);
        }
        return new Options(args[0], values);
    }

    String command() {
        return command;
    }

    int integer(String name, int defaultValue) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : defaultValue;
    }

    Duration seconds(String name, int defaultSeconds) {
        return Duration.ofSeconds(integer(name, defaultSeconds));
    }

    String text(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /** The stack's data folder (PARLEY_HOME, .parley by default): certificates, pid files, the user cache. */
    Path home() {
        String fromEnvironment = System.getenv("PARLEY_HOME");
        return Path.of(text("home", fromEnvironment != null ? fromEnvironment : ".parley"));
    }

    URI gateway() {
        return URI.create(text("gateway", "https://localhost:8443"));
    }

    /** chat-service itself, for its metrics (the gateway answers /q/metrics for itself). */
    URI chatService() {
        return URI.create(text("chat-service", "http://127.0.0.1:8184"));
    }
}
