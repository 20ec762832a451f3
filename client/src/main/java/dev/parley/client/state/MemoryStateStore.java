package dev.parley.client.state;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The state of one run. */
final class MemoryStateStore implements ClientStateStore {

    private final Map<String, String> values = new ConcurrentHashMap<>();

    @Override
    public Optional<String> read(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public void write(String key, String value) {
        values.put(key, value);
    }
}
