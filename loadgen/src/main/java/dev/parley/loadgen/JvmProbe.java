package dev.parley.loadgen;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One JVM of the stack (chat-service, a gateway), seen from outside: its heap from its Prometheus metrics, its open
 * file descriptors from /proc, and its live heap after a full collection forced with {@code jcmd}. Only the last
 * disturbs the process (a stop-the-world collection), so callers use it at the start and the end of a run only.
 */
final class JvmProbe {

    private final String name;
    private final long pid;
    private final URI metrics;
    private final Http http;

    JvmProbe(String name, long pid, URI server, Http http) {
        this.name = name;
        this.pid = pid;
        this.metrics = Options.management(server).resolve("/q/metrics");
        this.http = http;
    }

    String name() {
        return name;
    }

    long pid() {
        return pid;
    }

    /** Bytes the heap holds now, live or not: the sum of {@code jvm_memory_used_bytes{area="heap"}}. */
    long heapUsed() {
        long used = 0;
        for (String line : http.text(metrics).split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return used;
    }

    /** The heap right after a full collection: what the live objects take. */
    long liveHeap() {
        try {
            Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid), "GC.run").redirectErrorStream(true).start();
            gc.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (gc.waitFor() != 0) {
                throw new IllegalStateException("jcmd " + pid + " GC.run failed (" + name + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return heapUsed();
    }

    /** The process's open file descriptors (sockets included); -1 when /proc does not show them. */
    long openDescriptors() {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return descriptors.count();
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return -1;
        }
    }
}
