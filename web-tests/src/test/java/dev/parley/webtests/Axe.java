package dev.parley.webtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Runs npm's axe-core (the {@code axe.min.js} that Deque's Selenium artifact bundles, from Maven Central: nothing is
 * downloaded at test time) in the page a browser shows, with the WCAG 2.0–2.2 A and AA rules and axe's best
 * practices, and fails on every serious or critical violation, naming its rule, impact, elements and help. Lesser
 * violations are printed (the test's output file) without failing.
 */
final class Axe {

    private static final String SOURCE = load("axe.min.js");

    /** The rule sets run: every WCAG 2.x level A and AA rule, and axe's best practices. */
    private static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
            "best-practice");

    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
              .then((results) => done(results.violations.map((violation) => ({
                id: violation.id,
                impact: violation.impact || '',
                help: violation.help,
                nodes: violation.nodes.map((node) => node.target.join(' ') + ' (' + (node.failureSummary || '')
                  .replace(/\\s+/g, ' ').trim() + ')'),
              }))))
              .catch((error) => done('axe failed: ' + error));""";

    private Axe() {
    }

    /** Checks the page the browser shows now; {@code page} names it in the failure message. */
    static void check(Browser browser, String page) {
        assertThat(seriousViolations(browser, page))
                .as("%s: axe-core's serious and critical violations on %s", browser.name(), page).isEmpty();
    }

    /** The serious and critical violations on the page, one line each (see {@link #violations}). */
    static List<String> seriousViolations(Browser browser, String page) {
        return violations(browser, page).stream()
                .filter(violation -> violation.startsWith("serious ") || violation.startsWith("critical "))
                .toList();
    }

    /** Every violation on the page, one line each: impact, rule, help, then each element and what to fix. */
    static List<String> violations(Browser browser, String page) {
        if (!Boolean.TRUE.equals(browser.script("return typeof window.axe === 'object';"))) {
            browser.script(SOURCE);
        }
        Object answer = browser.asyncScript(RUN, TAGS);
        if (!(answer instanceof List<?> found)) {
            throw new AssertionError(browser.name() + ": " + answer + " on " + page);
        }
        List<String> lines = found.stream().map(Axe::describe).toList();
        lines.forEach(line -> System.out.println("axe " + browser.name() + " " + page + ": " + line));
        return lines;
    }

    private static String describe(Object item) {
        Map<?, ?> violation = (Map<?, ?>) item;
        return violation.get("impact") + " " + violation.get("id") + ": " + violation.get("help") + " at "
                + violation.get("nodes");
    }

    private static String load(String resource) {
        try (InputStream in = Axe.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path (com.deque.html.axe-core:selenium)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
