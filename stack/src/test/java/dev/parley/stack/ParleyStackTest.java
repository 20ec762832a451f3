package dev.parley.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParleyStackTest {

    @Test
    void printedValuesAreQuotedOnlyWhenAShellWouldMisreadThem() {
        assertThat(ParleyStack.shellQuoted("jdbc:postgresql://127.0.0.1:15432/auth"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:15432/auth");
        assertThat(ParleyStack.shellQuoted("/home/me/My Parley")).isEqualTo("'/home/me/My Parley'");
        assertThat(ParleyStack.shellQuoted("it's")).isEqualTo("'it'\\''s'");
    }
}
