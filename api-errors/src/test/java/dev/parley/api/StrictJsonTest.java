package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

class StrictJsonTest {

    record Body(String username, int count) {
    }

    private ObjectMapper mapper;

    @BeforeEach
    void strictMapper() {
        mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
    }

    @Test
    void wellFormedJsonIsReadFromStreamsAndArrays() throws Exception {
        byte[] json = "{\"username\":\"Zoë 😀\",\"count\":3}".getBytes(StandardCharsets.UTF_8);

        assertThat(mapper.readValue(new ByteArrayInputStream(json), Body.class)).isEqualTo(new Body("Zoë 😀", 3));
        assertThat(mapper.readValue(json, Body.class)).isEqualTo(new Body("Zoë 😀", 3));
        assertThat(mapper.readerFor(Body.class).<Body>readValue(new ByteArrayInputStream(json)).count()).isEqualTo(3);
    }

    /** Overlong '/', a lone continuation byte, an encoded surrogate, a truncated sequence, beyond U+10FFFF. */
    @ParameterizedTest
    @ValueSource(strings = { "c0af", "80", "eda080", "e282", "f4908080", "ff" })
    void illFormedUtf8IsRefused(String hex) {
        byte[] json = withinString(hex);

        assertThatThrownBy(() -> mapper.readValue(new ByteArrayInputStream(json), Body.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> mapper.readValue(json, Body.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> mapper.readerFor(Body.class).readValue(new ByteArrayInputStream(json)))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void duplicateKeysTrailingContentAndCoercedNumbersAreRefused() {
        assertThatThrownBy(() -> mapper.readValue("{\"count\":1,\"count\":2}", Body.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"count\":1}{}", Body.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"count\":\"1\"}", Body.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"count\":1.5}", Body.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThat(mapper.convertValue(Map.of("count", 1), Body.class).count()).isEqualTo(1);
    }

    private static byte[] withinString(String hex) {
        byte[] start = "{\"username\":\"a".getBytes(StandardCharsets.US_ASCII);
        byte[] end = "b\",\"count\":1}".getBytes(StandardCharsets.US_ASCII);
        byte[] middle = new byte[hex.length() / 2];
        for (int i = 0; i < middle.length; i++) {
            middle[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        byte[] json = new byte[start.length + middle.length + end.length];
        System.arraycopy(start, 0, json, 0, start.length);
        System.arraycopy(middle, 0, json, start.length, middle.length);
        System.arraycopy(end, 0, json, start.length + middle.length, end.length);
        return json;
    }
}
