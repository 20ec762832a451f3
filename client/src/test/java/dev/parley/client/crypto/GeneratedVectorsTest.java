package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The vectors every client test reads are what generate-vectors.mjs computes with Node's WebCrypto today: a change to
 * the generator that was not run, or a hand edit of the JSON, fails the build (PROTOCOL.md §9). Node 20 or later must
 * be on the PATH, or named by {@code -Dparley.node=/path/to/node}.
 */
class GeneratedVectorsTest {

    @Test
    void testVectorsJsonIsExactlyWhatTheGeneratorWritesToday() throws IOException, InterruptedException {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        Process node = new ProcessBuilder(System.getProperty("parley.node", "node"),
                "docs/protocol/generate-vectors.mjs", "--check")
                .directory(repository.toFile()).redirectErrorStream(true).start();
        boolean finished = node.waitFor(60, TimeUnit.SECONDS);
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            node.destroyForcibly();
        }

        assertThat(finished).as("generate-vectors.mjs --check finished within 60 s").isTrue();
        assertThat(node.exitValue()).as("generate-vectors.mjs --check said: %s", output).isZero();
    }
}
