package dev.parley.chat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.chat.People.Person;
import dev.parley.client.crypto.DeviceId;

/**
 * Group envelopes of PROTOCOL.md §7's shape for the tests of the server, which cannot open them: random bytes where a
 * client puts a nonce, a ciphertext and wraps, so that each test chooses the epoch and the keys freely (also wrong
 * ones, which the client library would never seal).
 */
final class GroupEnvelopes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private GroupEnvelopes() {
    }

    /** One device's chain in one group. */
    static final class Chain {
        final Person sender;
        final UUID groupId;
        final String device = DeviceId.random().toBase64Url();

        Chain(Person sender, UUID groupId) {
            this.sender = sender;
            this.groupId = groupId;
        }

        /** An envelope at {@code seq} for {@code epoch}, its key wrapped for {@code recipients}. */
        ObjectNode envelope(long seq, int epoch, Collection<UUID> recipients) {
            ObjectNode envelope = JSON.createObjectNode();
            envelope.putObject("header")
                    .put("v", 1)
                    .put("conv", groupId.toString())
                    .put("from", sender.id().toString())
                    .put("device", device)
                    .put("seq", seq)
                    .put("prev", random(32))
                    .put("epoch", epoch);
            envelope.put("nonce", random(12));
            envelope.put("ciphertext", random(48));
            ObjectNode keys = envelope.putObject("keys");
            recipients.forEach(recipient -> keys.put(recipient.toString(), random(92)));
            return envelope;
        }
    }

    /** A send frame with the client's id. */
    static String send(String clientId, ObjectNode envelope) {
        return Chats.sendFrame(clientId, envelope.toString());
    }

    static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
