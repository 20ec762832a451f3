package dev.parley.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Polls services' readiness and liveness in the background (every 250 ms) and keeps every change of status, for
 * reports and for assertions on what a probe would have seen during a fault.
 */
final class HealthWatch implements AutoCloseable {

    /** A check's status from a moment on (nanoTime): 200 UP, 503 DOWN, -1 no answer. */
    record Change(String check, int status, long at) {
    }

    private final Map<String, PackagedService> services;
    private final List<Change> changes = new CopyOnWriteArrayList<>();
    /** Touched by the poller only. */
    private final Map<String, Integer> last = new HashMap<>();
    private final Thread poller;
    private volatile boolean watching = true;

    /** @param services by the name to report them under */
    HealthWatch(Map<String, PackagedService> services) {
        this.services = services;
        poller = new Thread(this::poll, "health-watch");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (watching) {
            try {
                for (Map.Entry<String, PackagedService> service : services.entrySet()) {
                    for (String check : List.of("ready", "live")) {
                        String name = service.getKey() + " " + check;
                        int status = service.getValue().health(check);
                        if (!Integer.valueOf(status).equals(last.put(name, status))) {
                            changes.add(new Change(name, status, System.nanoTime()));
                        }
                    }
                }
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The statuses a check went through, in order, the first one included. */
    List<Integer> statuses(String check) {
        return changes.stream().filter(change -> change.check().equals(check)).map(Change::status).toList();
    }

    /** When the check first had the status at or after {@code since} (nanoTime), or -1. */
    long firstAt(String check, int status, long since) {
        return changes.stream().filter(change -> change.check().equals(check) && change.status() == status
                && change.at() >= since).mapToLong(Change::at).findFirst().orElse(-1);
    }

    /** Every check's statuses with when they began, in milliseconds from {@code zero} (nanoTime). */
    String describe(long zero) {
        List<String> lines = new ArrayList<>();
        for (String check : changes.stream().map(Change::check).distinct().toList()) {
            StringBuilder line = new StringBuilder(check + ":");
            changes.stream().filter(change -> change.check().equals(check)).forEach(change -> line.append(' ')
                    .append(change.status()).append(" from ").append((change.at() - zero) / 1_000_000).append(" ms;"));
            lines.add(line.toString());
        }
        return String.join(" ", lines);
    }

    @Override
    public void close() throws InterruptedException {
        watching = false;
        poller.interrupt();
        poller.join(5_000);
    }
}
