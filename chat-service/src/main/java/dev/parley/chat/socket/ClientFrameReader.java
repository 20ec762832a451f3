package dev.parley.chat.socket;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/** Reads the text of a client's frame as a {@link ClientFrame}, strictly. */
final class ClientFrameReader {

    private final ObjectReader reader;

    ClientFrameReader(ObjectMapper json) {
        // A frame with a key twice could mean one thing to the server and another to a client.
        this.reader = json.readerFor(ClientFrame.class).with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * The frame, or null when the text is not exactly one JSON object (malformed, a key twice, an array, a string,
     * anything after the object: a frame is read whole or not at all, as the clients' strict readers do).
     */
    ClientFrame read(String text) {
        try (JsonParser parser = reader.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ClientFrame frame = reader.readValue(parser);
            return parser.nextToken() == null ? frame : null;
        } catch (IOException e) {
            return null;
        }
    }
}
