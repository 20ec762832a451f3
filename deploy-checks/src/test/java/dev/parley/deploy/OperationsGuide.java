package dev.parley.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** deploy/README.md as the checks read it: its shell commands, and the Secrets those commands create. */
final class OperationsGuide {

    static final String PATH = "deploy/README.md";

    private static final Pattern CREATE_SECRET =
            Pattern.compile("kubectl\\b.*?\\bcreate secret (generic|tls) ([a-z0-9-]+)(.*)");
    private static final Pattern PATCH_SECRET = Pattern.compile("kubectl\\b.*?\\bpatch secret ([a-z0-9-]+)(.*)");
    private static final Pattern FROM_OPTION = Pattern.compile("--from-(?:literal|file)=([^=\\s]+)(=?)");
    private static final Pattern STRING_DATA_KEY = Pattern.compile("\\\\?\"([A-Za-z0-9_.-]+)\\\\?\"\\s*:");

    private OperationsGuide() {
    }

    static String text() {
        return Repository.read(PATH);
    }

    /** Every command of the guide's shell blocks (```bash), continuation lines joined, comments left out. */
    static List<String> commands() {
        List<String> commands = new ArrayList<>();
        boolean inFence = false;
        boolean shell = false;
        StringBuilder command = new StringBuilder();
        for (String line : text().split("\n")) {
            if (line.startsWith("```")) {
                inFence = !inFence;
                shell = inFence && line.substring(3).strip().matches("bash|sh|shell");
                continue;
            }
            String stripped = line.strip();
            if (!shell || stripped.startsWith("#") || stripped.isEmpty() && command.isEmpty()) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                command.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            command.append(stripped);
            commands.add(command.toString());
            command.setLength(0);
        }
        return commands;
    }

    /**
     * The Secrets the guide's commands create, each with the keys it gets (when created, or added by a patch during
     * a rotation). A patch of a Secret that no command creates counts as a Secret of no keys under its own name
     * prefixed "patched only: ", so that checks can point at it.
     */
    static Map<String, Set<String>> secretKeys() {
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        Map<String, Set<String>> patched = new LinkedHashMap<>();
        for (String command : commands()) {
            Matcher create = CREATE_SECRET.matcher(command);
            if (create.find()) {
                Set<String> keys = secrets.computeIfAbsent(create.group(2), name -> new TreeSet<>());
                if (create.group(1).equals("tls")) {
                    keys.addAll(List.of("tls.crt", "tls.key"));
                }
                Matcher options = FROM_OPTION.matcher(create.group(3));
                while (options.find()) {
                    String key = options.group(1);
                    // --from-file=path without a key name uses the file's name.
                    keys.add(options.group(2).isEmpty() ? key.substring(key.lastIndexOf('/') + 1) : key);
                }
            }
            Matcher patch = PATCH_SECRET.matcher(command);
            if (patch.find()) {
                Set<String> keys = patched.computeIfAbsent(patch.group(1), name -> new TreeSet<>());
                String body = patch.group(2);
                int data = body.indexOf("stringData");
                if (data >= 0) {
                    Matcher key = STRING_DATA_KEY.matcher(body.substring(data + "stringData".length()));
                    while (key.find()) {
                        keys.add(key.group(1));
                    }
                }
            }
        }
        patched.forEach((name, keys) -> {
            if (secrets.containsKey(name)) {
                secrets.get(name).addAll(keys);
            } else {
                secrets.put("patched only: " + name, keys);
            }
        });
        return secrets;
    }
}
