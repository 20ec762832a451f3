package dev.parley.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a running stack listens on, by process name, in start order: {@code tcp://host:port} for PostgreSQL and Kafka,
 * the health endpoint for the others. Written at start, so that {@code ./parley status} reports the ports that were
 * actually used, whatever the environment of the terminal asking.
 */
final class Endpoints {

    private Endpoints() {
    }

    static void write(Path file, Map<String, URI> endpoints) {
        String lines = endpoints.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue() + "\n")
                .collect(Collectors.joining());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    /** The endpoints of the last start, in their order; empty when the stack has not been started or has stopped. */
    static Map<String, URI> read(Path file) {
        Map<String, URI> endpoints = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return endpoints;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    endpoints.put(line.substring(0, equals), URI.create(line.substring(equals + 1).trim()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
        return endpoints;
    }
}
