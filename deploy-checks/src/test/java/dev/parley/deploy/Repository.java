package dev.parley.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository the checks read: its root, its modules and their files, as they are on disk at test time. */
final class Repository {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

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

    /** Modules that build a Quarkus application (the services and the gateway): the ones deployed. */
    static List<String> applicationModules() {
        return modules().stream()
                .filter(module -> read(module + "/pom.xml").contains("<artifactId>quarkus-maven-plugin</artifactId>"))
                .toList();
    }
}
