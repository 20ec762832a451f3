package dev.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.parley.contracts.KafkaAccess;
import dev.parley.contracts.Topics;

/**
 * The local stack's broker trusts no one: without a login nothing gets through, and with one, a service writes only
 * the topics it owns. The forged record of the hardening issue (a {@code friendships} record that made two strangers
 * friends) is refused for every principal but friend-service's.
 */
class SecuredKafkaTest {

    private static final Map<String, String> PASSWORDS = Map.of("auth-service", "a-pw", "friend-service", "f-pw",
            "presence-service", "p-pw", "chat-service", "c-pw", "gateway", "g-pw");
    private static KafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(null, 0, "admin-secret");
        broker.createTopics(Topics.ALL.stream().map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) 1))
                .toList());
        broker.grant(KafkaAccess.ALL, PASSWORDS);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aClientWithoutALoginGetsNothingThrough() {
        Map<String, Object> config = producerConfig(Map.of());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.FRIENDSHIPS, "pair", "{}"))
                    .get(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThatThrownBy(() -> send("chat-service", "wrong", Topics.CHAT_MESSAGES))
                .hasCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aForgedFriendshipIsRefusedForEveryoneButItsOwner() throws Exception {
        for (String principal : List.of("auth-service", "presence-service", "chat-service", "gateway")) {
            assertThatThrownBy(() -> send(principal, PASSWORDS.get(principal), Topics.FRIENDSHIPS)).as(principal)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        send("friend-service", PASSWORDS.get("friend-service"), Topics.FRIENDSHIPS);
    }

    @Test
    void aServiceReadsWhatItConsumesAndNothingElse() {
        assertThat(canRead("gateway", Topics.SESSION_REVOCATIONS)).isTrue();
        assertThat(canRead("gateway", Topics.USERS)).isFalse();
        assertThat(canRead("chat-service", Topics.FRIENDSHIPS)).isTrue();
        assertThat(canRead("chat-service", Topics.FRIEND_EVENTS)).isTrue();
        // It writes connections for presence-service, and may not read them back.
        assertThat(canRead("chat-service", Topics.CONNECTIONS)).isFalse();
    }

    @Test
    void noClientCanMakeUpATopic() {
        assertThatThrownBy(() -> send("chat-service", PASSWORDS.get("chat-service"), "made-up"))
                .isInstanceOf(ExecutionException.class);
    }

    @Test
    void aFolderMadeByAnOpenBrokerIsSwitchedOverToLogins() throws Exception {
        Path dir = Files.createTempDirectory("parley-kafka-upgrade-");
        try {
            int port = Ports.freePort();
            try (KafkaBroker open = KafkaBroker.start(dir, port)) {
                open.createTopics(List.of(new NewTopic("kept", 1, (short) 1)));
            }
            try (KafkaBroker secured = KafkaBroker.start(dir, port, "new-admin-secret")) {
                Map<String, Object> config = new HashMap<>(secured.adminProperties());
                config.put("bootstrap.servers", secured.bootstrapServers());
                try (var admin = org.apache.kafka.clients.admin.Admin.create(config)) {
                    assertThat(admin.listTopics().names().get()).contains("kept");
                }
                Map<String, Object> anonymous = producerConfig(Map.of());
                anonymous.put("bootstrap.servers", secured.bootstrapServers());
                anonymous.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(anonymous)) {
                    assertThatThrownBy(() -> producer.send(new ProducerRecord<>("kept", "k", "v")).get(10, TimeUnit.SECONDS))
                            .isNotNull();
                }
            }
        } finally {
            KafkaBroker.deleteRecursively(dir);
        }
    }

    private static void send(String user, String password, String topic) throws Exception {
        Map<String, Object> config = producerConfig(KafkaBroker.clientProperties(user, password));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, "key", "{}")).get(10, TimeUnit.SECONDS);
        }
    }

    private static boolean canRead(String user, String topic) {
        Map<String, Object> config = new HashMap<>(KafkaBroker.clientProperties(user, PASSWORDS.get(user)));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.poll(Duration.ofSeconds(2));
            return true;
        } catch (TopicAuthorizationException e) {
            return false;
        }
    }

    private static Map<String, Object> producerConfig(Map<String, Object> login) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return config;
    }
}
