package dev.parley.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system chores of the stack and of the test modules that run it. */
public final class Folders {

    private Folders() {
    }

    /** Deletes the file or folder with everything in it; nothing happens when it does not exist. */
    public static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        } catch (IOException e) {
            throw new StackException("Could not delete " + path + " (is a stack from an earlier run still using it?): "
                    + e.getMessage());
        }
    }
}
