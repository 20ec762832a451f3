package dev.parley.stack;

import java.nio.file.Path;

/**
 * The data folder of the local stack (PARLEY_HOME, by default {@code .parley} in the repository) and where each
 * thing lives inside it.
 */
public record StackHome(Path root) {

    public StackHome {
        root = root.toAbsolutePath().normalize();
    }

    public Path postgres() {
        return root.resolve("postgres");
    }

    public Path kafka() {
        return root.resolve("kafka");
    }

    public Path certificates() {
        return root.resolve("certs");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path log(String processName) {
        return logs().resolve(processName + ".log");
    }

    /** Where PostgreSQL and Kafka (which run inside the launcher) log. */
    public Path infrastructureLog() {
        return log("infra");
    }

    /** Where auth-service keeps the token signing key pair it generates. */
    public Path authKeys() {
        return root.resolve("auth-keys");
    }

    public Path secrets() {
        return root.resolve("secrets.properties");
    }

    public Path launcherPidFile() {
        return root.resolve("parley.pid");
    }

    public Path pids() {
        return root.resolve("pids");
    }

    public Path pidFile(String processName) {
        return pids().resolve(processName + ".pid");
    }

    /** What the running stack listens on, written at start so that {@code status} need not guess. */
    public Path endpoints() {
        return root.resolve("endpoints.properties");
    }
}
