package dev.parley.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML documents as plain maps and lists, and a few ways to walk them. */
final class Yaml {

    private Yaml() {
    }

    static List<Map<String, Object>> loadAll(String text, String origin) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : parser().loadAll(text)) {
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(origin + ": a document is not a mapping: " + document);
            }
            documents.add(map(document));
        }
        return documents;
    }

    static List<Map<String, Object>> loadAll(Path file) {
        return loadAll(Repository.read(file), Repository.ROOT.relativize(file).toString());
    }

    static Map<String, Object> loadOne(Path file) {
        List<Map<String, Object>> documents = loadAll(file);
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + " should hold one document, not " + documents.size());
        }
        return documents.get(0);
    }

    private static org.yaml.snakeyaml.Yaml parser() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new org.yaml.snakeyaml.Yaml(new SafeConstructor(options));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("Not a mapping: " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?>)) {
            throw new IllegalArgumentException("Not a list: " + value);
        }
        return (List<Object>) value;
    }

    static List<Map<String, Object>> maps(Object value) {
        return list(value).stream().map(Yaml::map).toList();
    }

    static List<String> strings(Object value) {
        return list(value).stream().map(Objects::toString).toList();
    }

    /** The value at a dotted path of mapping keys ("spec.template.spec"), or null where the path ends early. */
    static Object at(Map<String, Object> root, String path) {
        Object current = root;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    static String string(Map<String, Object> root, String path) {
        Object value = at(root, path);
        return value == null ? null : value.toString();
    }

    static String kind(Map<String, Object> resource) {
        return string(resource, "kind");
    }

    static String name(Map<String, Object> resource) {
        return string(resource, "metadata.name");
    }
}
