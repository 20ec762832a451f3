package dev.parley.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every case a test class tried, with what came back, written to {@code target/system-tests/<class>.md} (counts by
 * kind of input and by endpoint) and {@code .csv} (each case), for docs/security-and-reliability.md.
 */
final class CaseLog {

    /**
     * One case: {@code outcome} is what came back (a status, an error code, a close code); {@code knownBug} names the
     * {@link KnownBug} its problems are, if they are one.
     */
    record Entry(String category, String target, String input, String outcome, List<String> problems,
            KnownBug knownBug) {
        boolean passed() {
            return problems.isEmpty();
        }

        boolean failed() {
            return !problems.isEmpty() && knownBug == null;
        }
    }

    private final String name;
    private final List<Entry> entries = new ArrayList<>();

    CaseLog(String name) {
        this.name = name;
    }

    synchronized Entry record(String category, String target, String input, String outcome, List<String> problems) {
        return record(category, target, input, outcome, problems, null);
    }

    synchronized Entry record(String category, String target, String input, String outcome, List<String> problems,
            KnownBug knownBug) {
        Entry entry = new Entry(category, target, input, outcome, List.copyOf(problems), knownBug);
        entries.add(entry);
        return entry;
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    synchronized void write() {
        Path folder = Path.of(System.getProperty("parley.system-tests.reports", "target/system-tests"));
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(name + ".md"), markdown());
            StringBuilder csv = new StringBuilder("category,target,input,outcome,problems,known bug\n");
            for (Entry entry : entries) {
                csv.append(String.join(",", csv(entry.category()), csv(entry.target()), csv(entry.input()),
                        csv(entry.outcome()), csv(String.join("; ", entry.problems())),
                        csv(entry.knownBug() == null ? "" : entry.knownBug().name()))).append('\n');
            }
            Files.writeString(folder.resolve(name + ".csv"), csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(markdown());
    }

    private String markdown() {
        StringBuilder out = new StringBuilder("# " + name + ": " + entries.size() + " cases, "
                + entries.stream().filter(Entry::failed).count() + " failed, "
                + entries.stream().filter(entry -> entry.knownBug() != null).count() + " known bugs\n\n");
        out.append(table("kind of input", Entry::category));
        out.append('\n').append(table("endpoint or frame", Entry::target));
        for (String heading : List.of("Failed cases", "Known bugs met")) {
            boolean known = heading.startsWith("Known");
            List<Entry> listed = entries.stream().filter(entry -> known ? entry.knownBug() != null : entry.failed())
                    .toList();
            if (!listed.isEmpty()) {
                out.append("\n## ").append(heading).append("\n\n");
                listed.forEach(entry -> out.append("- ").append(known ? entry.knownBug().name() + " | " : "")
                        .append(entry.target()).append(" | ").append(entry.category()).append(" | ")
                        .append(entry.input()).append(" → ").append(entry.outcome()).append(": ")
                        .append(String.join("; ", entry.problems())).append('\n'));
            }
        }
        return out.toString();
    }

    private String table(String heading, Function<Entry, String> key) {
        Map<String, List<Entry>> groups = entries.stream()
                .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
        StringBuilder out = new StringBuilder("| " + heading
                + " | cases | answers | failed | known bugs |\n|---|---|---|---|---|\n");
        groups.forEach((group, list) -> out.append("| ").append(group).append(" | ").append(list.size()).append(" | ")
                .append(outcomes(list)).append(" | ").append(list.stream().filter(Entry::failed).count()).append(" | ")
                .append(list.stream().filter(entry -> entry.knownBug() != null).count()).append(" |\n"));
        return out.toString();
    }

    /** "400 ×12, 404 ×3", most frequent first. */
    static String outcomes(List<Entry> list) {
        Map<String, Long> counts = list.stream().collect(Collectors.groupingBy(Entry::outcome, TreeMap::new,
                Collectors.counting()));
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(entry -> entry.getKey() + " ×" + entry.getValue()).collect(Collectors.joining(", "));
    }

    private static String csv(String value) {
        String flat = value.replace("\r", "\\r").replace("\n", "\\n");
        if (flat.length() > 200) {
            flat = flat.substring(0, 200) + "…";
        }
        return "\"" + flat.replace("\"", "\"\"") + "\"";
    }
}
