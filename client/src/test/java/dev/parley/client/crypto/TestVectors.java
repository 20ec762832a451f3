package dev.parley.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * docs/protocol/test-vectors.json, generated with Node's WebCrypto by generate-vectors.mjs,
 * read from its one place in the repository (tests run in the module's folder).
 */
final class TestVectors {

    private static final Path FILE = Path.of("..", "docs", "protocol", "test-vectors.json");
    private static final JsonNode ROOT = load();

    private TestVectors() {
    }

    static JsonNode get(String section) {
        JsonNode node = ROOT.get(section);
        if (node == null) {
            throw new IllegalStateException("test-vectors.json has no section " + section);
        }
        return node;
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    /** The vectors of {@code array}, each named by its {@code nameField} so that a failing one is easy to find. */
    static Stream<Named<JsonNode>> named(JsonNode array, String nameField) {
        return list(array).stream().map(vector -> Named.of(vector.get(nameField).asText(), vector));
    }

    static byte[] bytes(JsonNode base64Url) {
        return Base64Url.decode(base64Url.textValue());
    }

    static byte[] hex(JsonNode hex) {
        return HexFormat.of().parseHex(hex.textValue());
    }

    static String text(JsonNode json) {
        try {
            return new ObjectMapper().writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IdentityKeyPair identity(String name) {
        return list(get("identities")).stream()
                .filter(identity -> identity.get("name").textValue().equals(name))
                .map(identity -> IdentityKeyPair.fromPkcs8(bytes(identity.get("pkcs8"))))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no identity " + name));
    }

    static String userId(String name) {
        return list(get("identities")).stream()
                .filter(identity -> identity.get("name").textValue().equals(name))
                .map(identity -> identity.get("userId").textValue())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no identity " + name));
    }

    private static JsonNode load() {
        try {
            return new ObjectMapper().readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath() + "; run the tests from the client module", e);
        }
    }
}
