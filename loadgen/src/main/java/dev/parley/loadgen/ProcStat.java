package dev.parley.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A process's line of {@code /proc/<pid>/stat} (proc(5)), the fields a CPU measurement needs. Times are in clock
 * ticks. {@code startTicks} tells a process from a later one that got the same pid.
 */
record ProcStat(long pid, String name, long parent, long userTicks, long systemTicks, long reapedChildrenUserTicks,
        long reapedChildrenSystemTicks, long startTicks) {

    private static final Path PROC = Path.of("/proc");

    /** CPU time the process itself used. */
    long ownTicks() {
        return userTicks + systemTicks;
    }

    /** CPU time the process used, plus that of its children that exited and that it waited for. */
    long ownAndReapedTicks() {
        return ownTicks() + reapedChildrenUserTicks + reapedChildrenSystemTicks;
    }

    /** The process now; empty when it is gone (or /proc is not there). */
    static Optional<ProcStat> read(long pid) {
        try {
            return Optional.of(parse(pid, Files.readString(PROC.resolve(String.valueOf(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every process now, but those that exit while being read. */
    static List<ProcStat> all() {
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.map(entry -> entry.getFileName().toString()).filter(name -> name.matches("\\d+"))
                    .map(name -> read(Long.parseLong(name))).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + PROC, e);
        }
    }

    static ProcStat parse(long pid, String line) {
        // Field 2, the command name, is in parentheses and may hold spaces and parentheses itself.
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        String[] fields = line.substring(close + 2).trim().split(" ");
        // fields[0] is field 3 (state); proc(5) numbers them from 1.
        return new ProcStat(pid, line.substring(open + 1, close), field(fields, 4), field(fields, 14),
                field(fields, 15), field(fields, 16), field(fields, 17), field(fields, 22));
    }

    private static long field(String[] fieldsFromThird, int number) {
        return Long.parseLong(fieldsFromThird[number - 3]);
    }
}
