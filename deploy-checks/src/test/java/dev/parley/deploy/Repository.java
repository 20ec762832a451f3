package dev.parley.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository the checks read: its root, its modules and their files, as they are on disk at test time. */
final class Repository {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern PARLEY_ARTIFACT =
            Pattern.compile("<groupId>dev\\.parley</groupId>\\s*<artifactId>parley-([^<]+)</artifactId>");

    static final Path ROOT = Path.of(System.getProperty("parley.repository", "..")).toAbsolutePath().normalize();

    private Repository() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    static String read(String relative) {
        return read(path(relative));
    }

    /** The modules of the root POM, in build order. */
    static List<String> modules() {
        List<String> modules = new ArrayList<>();
        Matcher matcher = MODULE.matcher(read("pom.xml"));
        while (matcher.find()) {
            modules.add(matcher.group(1).trim());
        }
        return modules;
    }

    /**
     * The modules Maven builds for {@code -pl module -am}: the module and, transitively, the reactor modules it
     * depends on in any scope (test-scoped ones are built too).
     */
    static Set<String> builtWith(String module) {
        Set<String> built = new TreeSet<>();
        List<String> modules = modules();
        Matcher dependencies = PARLEY_ARTIFACT.matcher(read(module + "/pom.xml").replaceFirst("(?s)<parent>.*?</parent>", ""));
        built.add(module);
        while (dependencies.find()) {
            String dependency = dependencies.group(1);
            if (modules.contains(dependency) && !built.contains(dependency)) {
                built.addAll(builtWith(dependency));
            }
        }
        return built;
    }

    /** Modules that build a Quarkus application (the services and the gateway): the ones deployed. */
    static List<String> applicationModules() {
        return modules().stream()
                .filter(module -> read(module + "/pom.xml").contains("<artifactId>quarkus-maven-plugin</artifactId>"))
                .toList();
    }
}
