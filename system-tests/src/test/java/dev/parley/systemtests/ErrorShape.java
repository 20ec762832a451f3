package dev.parley.systemtests;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one error body of every Parley API, {@code {"error": "...", "message": "..."}} (plus {@code details} when a
 * request broke several rules), and what an error body must never show: stack traces, class names, SQL.
 */
final class ErrorShape {

    private static final Set<String> KEYS = Set.of("error", "message", "details");

    /** Traces of the inside of a service: exceptions, frames, frameworks, the database. */
    private static final Pattern INTERNALS = Pattern.compile(String.join("|",
            "Exception", "Caused by", "\\tat ", "\\bat [a-z]+\\.[a-z]", "java\\.", "javax\\.", "jakarta\\.",
            "org\\.hibernate", "io\\.vertx", "io\\.quarkus", "io\\.smallrye", "io\\.netty", "com\\.fasterxml",
            "(?i)jackson", "(?i)stack ?trace", "NullPointer", "HR0\\d\\d", "(?i)PSQL", "SQLState", "(?i)SQL state",
            "(?i)syntax error", "(?i)postgres", "relation \"", "(?i)duplicate key", "(?i)violates",
            "dev\\.parley\\."));

    private ErrorShape() {
    }

    /** Every way the answer falls short of a proper error body; empty when it is one. */
    static List<String> problems(Gateway.Answer answer) {
        List<String> problems = new ArrayList<>(leaks(answer.text()));
        String type = answer.header("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            problems.add("Content-Type is " + type + ", not application/json");
        }
        problems.addAll(shapeProblems(answer.json()));
        return problems;
    }

    static List<String> shapeProblems(JsonNode body) {
        List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            problems.add("the body is not a JSON object");
            return problems;
        }
        for (String key : List.of("error", "message")) {
            if (!body.path(key).isTextual() || body.path(key).asText().isBlank()) {
                problems.add("no \"" + key + "\" text");
            }
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                problems.add("unexpected key \"" + name + "\"");
            }
        }
        return problems;
    }

    /** Internals a text shows, if any. */
    static List<String> leaks(String text) {
        var matcher = INTERNALS.matcher(text);
        return matcher.find() ? List.of("shows internals (\"" + matcher.group() + "\")") : List.of();
    }
}
