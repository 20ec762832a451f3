package dev.parley.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The running stack's processes, for the CPU time each used over a measured window, from /proc (so on Linux):
 * <ul>
 * <li>every process with a pid file in {@code <home>/pids}, by the file's name: the services, the gateway, and
 * further chat-service instances ({@code chat-service-2}, ...);</li>
 * <li>the launcher ({@code <home>/parley.pid}), which runs the in-process Kafka broker: {@value #LAUNCHER};</li>
 * <li>PostgreSQL ({@value #POSTGRES}): the postmaster and all its children. Backends come and go, so a reading is
 * the postmaster's own time, plus that of the children it reaped (cutime and cstime: backends that exited), plus
 * that of its live children. The postmaster is the pid in {@code <home>/postgres/postmaster.pid}; without that
 * file, every {@code postgres} process whose parent is not one.</li>
 * </ul>
 * The processes are found once, when this is made. One that is gone at a reading, or was replaced (another start
 * time under the same pid), has no CPU time for the window.
 */
final class ServerProcesses {

    static final String LAUNCHER = "kafka (launcher)";
    static final String POSTGRES = "postgres";
    /** What Linux reports process times in, when {@code getconf CLK_TCK} cannot say (it is 100 on Linux). */
    private static final long DEFAULT_TICKS_PER_SECOND = 100;

    /** A process watched; {@code withChildren} for the postmaster. */
    record Watched(String name, long pid, boolean withChildren) {
    }

    /** A process's CPU time so far, with the start time that identifies it. */
    record Reading(long startTicks, long ticks) {
    }

    private final List<Watched> watched;
    private final long ticksPerSecond = ticksPerSecond();

    private ServerProcesses(List<Watched> watched) {
        this.watched = watched;
    }

    static ServerProcesses find(Path home) {
        List<Watched> watched = new ArrayList<>();
        Path pids = home.resolve("pids");
        if (Files.isDirectory(pids)) {
            try (Stream<Path> files = Files.list(pids)) {
                files.filter(file -> file.getFileName().toString().endsWith(".pid")).sorted().forEach(file ->
                        pidIn(file).ifPresent(pid -> watched.add(new Watched(
                                file.getFileName().toString().replaceFirst("\\.pid$", ""), pid, false))));
            } catch (IOException e) {
                System.out.println("Cannot list " + pids + ": " + e.getMessage());
            }
        }
        pidIn(home.resolve("parley.pid")).ifPresent(pid -> watched.add(new Watched(LAUNCHER, pid, false)));
        postmasters(home).forEach((name, pid) -> watched.add(new Watched(name, pid, true)));
        return new ServerProcesses(List.copyOf(watched));
    }

    List<Watched> watched() {
        return watched;
    }

    /** A watched process's pid by name. */
    OptionalLong pid(String name) {
        return watched.stream().filter(process -> process.name().equals(name)).mapToLong(Watched::pid).findFirst();
    }

    /** Every watched process's CPU time now, by name; none for one that is gone. */
    Map<String, Reading> read() {
        Map<String, Reading> readings = new HashMap<>();
        for (Watched process : watched) {
            ProcStat.read(process.pid()).ifPresent(stat -> readings.put(process.name(), new Reading(stat.startTicks(),
                    process.withChildren() ? stat.ownAndReapedTicks() + childrenTicks(process.pid())
                            : stat.ownTicks())));
        }
        return readings;
    }

    /**
     * The CPU time of a process's live children. Read after the parent's, so that a child reaped in between is
     * missed by this reading rather than counted twice (once in the parent's cutime): a backend that exits within
     * that millisecond is all that can be off, and PostgreSQL's backends here are pooled connections.
     */
    private static long childrenTicks(long parent) {
        return ProcStat.all().stream().filter(stat -> stat.parent() == parent).mapToLong(ProcStat::ownTicks).sum();
    }

    /**
     * The CPU milliseconds each watched process used between two readings, in the order they were found; null for
     * one that is missing from either or was replaced in between.
     */
    Map<String, Double> millisBetween(Map<String, Reading> start, Map<String, Reading> end) {
        Map<String, Double> millis = new LinkedHashMap<>();
        for (Watched process : watched) {
            Reading first = start.get(process.name());
            Reading last = end.get(process.name());
            boolean same = first != null && last != null && first.startTicks() == last.startTicks();
            millis.put(process.name(), same ? (last.ticks() - first.ticks()) * 1000.0 / ticksPerSecond : null);
        }
        return millis;
    }

    private static Map<String, Long> postmasters(Path home) {
        OptionalLong recorded = pidIn(home.resolve("postgres").resolve("postmaster.pid"));
        if (recorded.isPresent()) {
            return Map.of(POSTGRES, recorded.getAsLong());
        }
        List<ProcStat> all = ProcStat.all();
        Set<Long> postgres = all.stream().filter(stat -> stat.name().equals(POSTGRES)).map(ProcStat::pid)
                .collect(Collectors.toSet());
        List<Long> postmasters = all.stream().filter(stat -> postgres.contains(stat.pid())
                && !postgres.contains(stat.parent())).map(ProcStat::pid).sorted().toList();
        Map<String, Long> named = new LinkedHashMap<>();
        postmasters.forEach(pid -> named.put(postmasters.size() == 1 ? POSTGRES : POSTGRES + " (pid " + pid + ")",
                pid));
        return named;
    }

    /** The pid on the first line of a pid file; empty when there is none. */
    private static OptionalLong pidIn(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.findFirst().map(String::trim).filter(line -> line.matches("\\d+"))
                    .map(line -> OptionalLong.of(Long.parseLong(line))).orElse(OptionalLong.empty());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String answer = new String(getconf.getInputStream().readAllBytes()).trim();
            return getconf.waitFor() == 0 && answer.matches("\\d+") ? Long.parseLong(answer)
                    : DEFAULT_TICKS_PER_SECOND;
        } catch (IOException e) {
            return DEFAULT_TICKS_PER_SECOND;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_TICKS_PER_SECOND;
        }
    }
}
