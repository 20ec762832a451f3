package dev.parley.client.state;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a Java client keeps between runs, as text by key: the highest vault version it opened per account, the device
 * token the server gave it, and per conversation where its sending and receiving chains stand. A client that must
 * survive restarts without a false alert (or a refused send) gives its {@code AuthClient} and {@code ChatClient} a
 * store in a folder; the default keeps everything in memory, for one run.
 *
 * <p>Values are not secret keys, but a device token lets its holder log in without being throttled as a stranger:
 * the folder store writes owner-only files.
 */
public interface ClientStateStore {

    Optional<String> read(String key);

    void write(String key, String value);

    /** Everything in memory: lost when the process ends. */
    static ClientStateStore inMemory() {
        return new MemoryStateStore();
    }

    /** One file per key in {@code folder}, replaced atomically, readable by the owner only. */
    static ClientStateStore inFolder(Path folder) {
        return new FolderStateStore(folder);
    }
}
