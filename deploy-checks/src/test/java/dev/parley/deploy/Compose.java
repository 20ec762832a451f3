package dev.parley.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml as docker compose reads it with the settings of .env.example, where every empty secret gets a
 * stand-in: variables interpolated (${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, $$).
 */
final class Compose {

    static final String FILE = "docker-compose.yml";
    static final String EXAMPLE_SETTINGS = ".env.example";

    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern SETTING = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", Pattern.MULTILINE);

    private Compose() {
    }

    /** The settings of .env.example, with a stand-in for every secret left empty there. */
    static Map<String, String> exampleSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher lines = SETTING.matcher(Repository.read(EXAMPLE_SETTINGS));
        while (lines.find()) {
            settings.put(lines.group(1), lines.group(2).isEmpty() ? "stand-in-for-" + lines.group(1) : lines.group(2));
        }
        return settings;
    }

    /** Names of the variables the compose file uses without a default, so .env must set them. */
    static Set<String> requiredVariables() {
        Set<String> required = new TreeSet<>();
        Matcher variables = VARIABLE.matcher(Repository.read(FILE));
        while (variables.find()) {
            if (variables.group(1) != null && (variables.group(2) == null || variables.group(2).contains("?"))) {
                required.add(variables.group(1));
            } else if (variables.group(4) != null) {
                required.add(variables.group(4));
            }
        }
        return required;
    }

    static Map<String, Object> load(Map<String, String> settings) {
        return Yaml.loadAll(interpolate(Repository.read(FILE), settings), FILE).get(0);
    }

    static String interpolate(String text, Map<String, String> settings) {
        Matcher variables = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (variables.find()) {
            String replacement;
            if (variables.group().equals("$$")) {
                replacement = "$";
            } else {
                String name = variables.group(1) != null ? variables.group(1) : variables.group(4);
                String value = settings.get(name);
                String operator = variables.group(2);
                boolean unset = value == null || operator != null && operator.startsWith(":") && value.isEmpty();
                if (operator != null && operator.endsWith("-") && unset) {
                    replacement = variables.group(3);
                } else if (unset && (operator == null || operator.endsWith("?"))) {
                    throw new IllegalArgumentException(FILE + " needs " + name + ", which " + EXAMPLE_SETTINGS
                            + " does not set");
                } else {
                    replacement = value;
                }
            }
            variables.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        variables.appendTail(result);
        return result.toString();
    }
}
