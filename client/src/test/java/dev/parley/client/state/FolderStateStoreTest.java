package dev.parley.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderStateStoreTest {

    @Test
    void aValueWrittenIsReadBackByAStoreOpenedLaterOnTheSameFolder(@TempDir Path folder) {
        ClientStateStore.inFolder(folder).write("chat/user/device/conversation/sending", "{\"nextSeq\":3}");
        ClientStateStore.inFolder(folder).write("chat/user/device/conversation/sending", "{\"nextSeq\":4}");

        assertThat(ClientStateStore.inFolder(folder).read("chat/user/device/conversation/sending")).contains("{\"nextSeq\":4}");
        assertThat(ClientStateStore.inFolder(folder).read("never/written")).isEmpty();
    }

    @Test
    void valuesAreOwnerOnlyFilesAndNoTemporaryFileIsLeft(@TempDir Path folder) throws IOException {
        ClientStateStore.inFolder(folder).write("device-token/alice1", "a device token");

        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("device-token%2Falice1.json");
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("device-token%2Falice1.json"))))
                    .isEqualTo("rw-------");
        }
    }
}
