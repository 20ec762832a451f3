package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** UTF-8 as the browser's TextEncoder writes it: the JDK's bytes, except U+FFFD for an unpaired surrogate. */
class Utf8Test {

    private static final byte[] REPLACEMENT = { (byte) 0xEF, (byte) 0xBF, (byte) 0xBD };

    @Test
    void wellFormedTextIsTheJdksUtf8() {
        for (String text : new String[] { "", "hello", "grüß dich", "日本語", "emoji 😀 pair", "\u0000\u007f\u0080" }) {
            assertThat(Utf8.encode(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void anUnpairedSurrogateBecomesTheReplacementCharacter() {
        assertThat(Utf8.encode("\uD83D")).isEqualTo(REPLACEMENT);
        assertThat(Utf8.encode("\uDE00")).isEqualTo(REPLACEMENT);
        assertThat(Utf8.encode("a\uDE00\uD83D\uDE00b"))
                .isEqualTo(concat(new byte[] { 'a' }, REPLACEMENT, "😀b".getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
