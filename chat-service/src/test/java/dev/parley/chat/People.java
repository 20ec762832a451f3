package dev.parley.chat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.parley.client.crypto.IdentityKeyPair;
import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.EventPayload;
import dev.parley.contracts.Keys;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.FriendshipState;
import dev.parley.contracts.events.UserSnapshot;
import dev.parley.testing.TestInfrastructure;
import dev.parley.testing.TestTokens;

/**
 * Users and friendships as auth-service and friend-service announce them: records on the users, friendships and
 * friend-events topics, which chat-service reads. Each person has a real identity key pair and access tokens.
 */
final class People implements AutoCloseable {

    /** A user with their identity key pair (the private key stays in the test, as in a real client). */
    record Person(UUID id, String username, IdentityKeyPair identity) {

        String token() {
            return TestTokens.accessToken(id, username);
        }
    }

    private static People shared;

    private final KafkaProducer<String, String> producer;

    private People(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** Announcements on the test JVM's shared broker, which the packaged services use by default; never closed. */
    static synchronized People onSharedBroker() {
        if (shared == null) {
            shared = new People(TestInfrastructure.shared().kafkaBootstrapServers());
        }
        return shared;
    }

    /** Announcements on another broker than the test JVM's shared one, for services run on it; close when done. */
    static People onBroker(String bootstrapServers) {
        return new People(bootstrapServers);
    }

    static Person newPerson(String name) {
        return newPerson(name, UUID.randomUUID());
    }

    static Person newPerson(String name, UUID id) {
        return onSharedBroker().person(name, id);
    }

    static void befriend(Person one, Person other) {
        onSharedBroker().friendship(one, other, true);
    }

    static void unfriend(Person one, Person other) {
        onSharedBroker().friendship(one, other, false);
    }

    /** Something friend-service did to a request or friendship between two users, on friend-events. */
    static void friendEvent(Person one, Person other, EventPayload event) {
        onSharedBroker().send(Topics.FRIEND_EVENTS, Keys.pair(one.id(), other.id()), event);
    }

    /** The account is deleted: auth-service's tombstone on the users topic. */
    static void delete(Person person) {
        onSharedBroker().send(Topics.USERS, person.id().toString(), null);
    }

    /** A new user on this broker's users topic. */
    Person person(String name) {
        return person(name, UUID.randomUUID());
    }

    /** Two users become friends on this broker's friendships topic. */
    void friends(Person one, Person other) {
        friendship(one, other, true);
    }

    @Override
    public void close() {
        producer.close();
    }

    private Person person(String name, UUID id) {
        String username = name + id.toString().substring(0, 8);
        IdentityKeyPair identity = IdentityKeyPair.generate();
        Instant now = Instant.now();
        send(Topics.USERS, id.toString(),
                new UserSnapshot(id, username, identity.publicKey().toBase64Url(), now, now));
        return new Person(id, username, identity);
    }

    private void friendship(Person one, Person other, boolean friends) {
        UUID a = one.id().compareTo(other.id()) <= 0 ? one.id() : other.id();
        UUID b = a.equals(one.id()) ? other.id() : one.id();
        send(Topics.FRIENDSHIPS, Keys.pair(a, b), new FriendshipState(a, b, friends, Instant.now()));
    }

    private void send(String topic, String key, EventPayload payload) {
        String value = payload == null ? null : EventCodec.encode(EventEnvelope.of(payload, Instant.now()));
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not write to " + topic, e);
        }
    }
}
