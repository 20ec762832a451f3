package dev.parley.chat.socket;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes {@link Frames} as the JSON text sent on sockets. */
@ApplicationScoped
public class FrameWriter {

    private final ObjectMapper json;

    FrameWriter(ObjectMapper json) {
        this.json = json;
    }

    public String write(Object frame) {
        try {
            return json.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A frame that cannot be written: " + frame.getClass().getSimpleName(), e);
        }
    }
}
