package dev.parley.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.InputDecorator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies are read as exactly what they say: a key given twice, a number sent as a string or with a
 * fraction where a whole number belongs, anything after the JSON value, and bytes that are not well-formed UTF-8
 * are refused (400 through {@link ApiExceptionMappers}) rather than quietly read as something the client did not
 * send.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.getFactory().setInputDecorator(new WellFormedUtf8());
    }

    /**
     * Jackson decodes some ill-formed UTF-8 without complaint: an overlong sequence such as C0 AF (a disguised '/')
     * or an encoded surrogate. The JDK's decoder refuses every ill-formed sequence (RFC 3629), so bytes pass through
     * it first. Bodies are small (the services and the gateway limit them), so they are read whole.
     */
    static final class WellFormedUtf8 extends InputDecorator {

        private static final long serialVersionUID = 1L;

        @Override
        public InputStream decorate(IOContext context, InputStream in) throws IOException {
            byte[] bytes = in.readAllBytes();
            requireWellFormed(bytes, 0, bytes.length);
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public InputStream decorate(IOContext context, byte[] bytes, int offset, int length) throws IOException {
            requireWellFormed(bytes, offset, length);
            return null;
        }

        /** Characters were decoded before Jackson saw them: nothing left to check. */
        @Override
        public Reader decorate(IOContext context, Reader reader) {
            return reader;
        }

        private static void requireWellFormed(byte[] bytes, int offset, int length) throws JsonParseException {
            try {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, offset, length));
            } catch (CharacterCodingException e) {
                throw new JsonParseException(null, "The JSON text is not well-formed UTF-8");
            }
        }
    }
}
