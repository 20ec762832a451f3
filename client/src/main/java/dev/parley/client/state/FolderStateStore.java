package dev.parley.client.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * One file per key. A value is written to a temporary file and moved over the old one, so that a crash leaves the old
 * value or the new one, never half of either: a torn chain position would raise a false alert after the restart.
 */
final class FolderStateStore implements ClientStateStore {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path folder;

    FolderStateStore(Path folder) {
        this.folder = folder;
    }

    @Override
    public synchronized Optional<String> read(String key) {
        try {
            return Optional.of(Files.readString(file(key), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the client state " + key, e);
        }
    }

    @Override
    public synchronized void write(String key, String value) {
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, ".state", ".tmp");
            if (POSIX) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(temporary, value, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file(key), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the client state " + key, e);
        }
    }

    private Path file(String key) {
        return folder.resolve(URLEncoder.encode(key, StandardCharsets.UTF_8) + ".json");
    }
}
