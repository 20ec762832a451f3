package dev.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void aRecordProducedIsConsumedByAGroupAndKeptAcrossARestart() throws Exception {
        Path logs = dataDir.resolve("kafka");
        try (KafkaBroker broker = KafkaBroker.start(logs, 0)) {
            broker.createTopics(List.of(new NewTopic("greetings", 2, (short) 1)));
            produce(broker.bootstrapServers(), "greetings", "k", "hello");
            assertThat(consume(broker.bootstrapServers(), "greetings", 1)).extracting(ConsumerRecord::value)
                    .containsExactly("hello");
        }
        assertThat(Files.exists(logs.resolve("meta.properties"))).isTrue();

        try (KafkaBroker restarted = KafkaBroker.start(logs, 0)) {
            assertThat(consume(restarted.bootstrapServers(), "greetings", 1)).extracting(ConsumerRecord::value)
                    .containsExactly("hello");
        }
    }

    private static void produce(String bootstrap, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static List<ConsumerRecord<String, String>> consume(String bootstrap, String topic, int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long started = System.nanoTime();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (records.size() < expected && System.nanoTime() - started < Duration.ofSeconds(30).toNanos()) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        System.out.printf("consumed %d in %d ms%n", records.size(), (System.nanoTime() - started) / 1_000_000);
        return records;
    }
}
