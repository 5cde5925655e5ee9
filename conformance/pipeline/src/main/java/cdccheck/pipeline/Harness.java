package cdccheck.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The JVM side of the real-pipeline harness, driven by Node over stdin/stdout, one JSON object
 * per line each way. Every request carries an `id`; every answer echoes it with `ok` and either
 * the result fields or `error` (one line). Commands:
 * <ul>
 *   <li>{@code dump {prefix}}: every record of every topic whose name starts with prefix, read
 *       from the beginning to the end offsets with no group (what Kafka holds);</li>
 *   <li>{@code createTopic {name, config, partitions}}: a topic with the given configs and
 *       partitions (one unless given);</li>
 *   <li>{@code produce {topic, key, value, headers}}: one record sent and acknowledged
 *       ({@code acks=all}, waited for) by the harness's own producer, as a service publishing
 *       directly to Kafka does; answers its partition and offset;</li>
 *   <li>{@code subscribe {group, topics}}, {@code poll {ms, min}}, {@code commit},
 *       {@code crashConsumer}: a group consumer with manual commits (a crash is a close
 *       without commit);</li>
 *   <li>{@code committed {group}}: the offsets a consumer group has committed;</li>
 *   <li>{@code offsets {file}}: the source offsets in a Kafka Connect standalone worker's
 *       offset file (a serialized map of key and value bytes, JSON text each).</li>
 * </ul>
 * The broker address is the first argument.
 */
public final class Harness {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String bootstrap;
  private KafkaConsumer<String, String> consumer;
  private KafkaProducer<String, String> producer;

  private Harness(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /** Reads commands until stdin closes. */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    // Log lines must never reach stdout, which carries the answers.
    System.setOut(System.err);
    Harness harness = new Harness(args[0]);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    out.println("{\"ready\":true}");
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank()) continue;
      ObjectNode answer = JSON.createObjectNode();
      try {
        JsonNode request = JSON.readTree(line);
        answer.set("id", request.get("id"));
        harness.handle(request, answer);
        answer.put("ok", true);
      } catch (Exception e) {
        answer.put("ok", false);
        answer.put("error", (e.getClass().getSimpleName() + ": " + e.getMessage()).replaceAll("\\s+", " "));
      }
      out.println(JSON.writeValueAsString(answer));
    }
    if (harness.consumer != null) harness.consumer.close(Duration.ZERO);
    if (harness.producer != null) harness.producer.close(Duration.ZERO);
  }

  private void handle(JsonNode request, ObjectNode answer) throws Exception {
    switch (request.path("cmd").asText()) {
      case "dump" -> answer.set("records", dump(request.path("prefix").asText()));
      case "createTopic" -> createTopic(request.path("name").asText(), request.path("config"), request.path("partitions").asInt(1));
      case "produce" -> produce(request, answer);
      case "subscribe" -> subscribe(request.path("group").asText(), request.path("topics"), request.path("maxPollRecords").asInt(0));
      case "poll" -> answer.set("records", poll(request.path("ms").asLong(5000), request.path("min").asInt(1)));
      case "commit" -> {
        consumer.commitSync();
      }
      case "crashConsumer" -> {
        consumer.close(Duration.ZERO);
        consumer = null;
      }
      case "offsets" -> answer.set("offsets", offsets(Path.of(request.path("file").asText())));
      case "committed" -> answer.set("offsets", committed(request.path("group").asText()));
      default -> throw new IllegalArgumentException("unknown command " + request.path("cmd"));
    }
  }

  private Properties consumerProps(String group) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    if (group != null) p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    return p;
  }

  private ArrayNode dump(String prefix) throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      Set<String> topics = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix)).collect(Collectors.toSet());
      admin.describeTopics(topics).allTopicNames().get().forEach((name, d) -> d.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
    }
    ArrayNode records = JSON.createArrayNode();
    if (partitions.isEmpty()) return records;
    try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(consumerProps(null))) {
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = reader.endOffsets(partitions);
      long deadline = System.currentTimeMillis() + 30_000;
      while (partitions.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
        if (System.currentTimeMillis() > deadline) throw new IllegalStateException("dump did not reach the end offsets in 30 s");
        for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(200))) records.add(toJson(r));
      }
    }
    return records;
  }

  private void createTopic(String name, JsonNode config, int partitions) throws Exception {
    Map<String, String> configs = new HashMap<>();
    config.properties().forEach(e -> configs.put(e.getKey(), e.getValue().asText()));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get();
    }
  }

  private void produce(JsonNode request, ObjectNode answer) throws Exception {
    if (producer == null) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      producer = new KafkaProducer<>(p);
    }
    JsonNode key = request.path("key");
    JsonNode value = request.path("value");
    ProducerRecord<String, String> record = new ProducerRecord<>(request.path("topic").asText(), key.isNull() || key.isMissingNode() ? null : key.asText(), value.isNull() || value.isMissingNode() ? null : value.asText());
    request.path("headers").properties().forEach(e -> record.headers().add(e.getKey(), e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
    RecordMetadata sent = producer.send(record).get();
    answer.put("partition", sent.partition());
    answer.put("offset", sent.offset());
  }

  private void subscribe(String group, JsonNode topics, int maxPollRecords) {
    if (consumer != null) consumer.close(Duration.ZERO);
    Properties props = consumerProps(group);
    // One record per poll: commitSync() then commits the position just after it.
    if (maxPollRecords > 0) props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPollRecords));
    consumer = new KafkaConsumer<>(props);
    List<String> names = new ArrayList<>();
    topics.forEach(t -> names.add(t.asText()));
    consumer.subscribe(names);
  }

  /** The offsets group {@code group} has committed, per topic partition (none before its first commit). */
  private ArrayNode committed(String group) throws Exception {
    ArrayNode out = JSON.createArrayNode();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      offsets.forEach((tp, o) -> {
        if (o == null) return;
        ObjectNode n = out.addObject();
        n.put("topic", tp.topic());
        n.put("partition", tp.partition());
        n.put("offset", o.offset());
      });
    }
    return out;
  }

  private ArrayNode poll(long ms, int min) {
    ArrayNode records = JSON.createArrayNode();
    long deadline = System.currentTimeMillis() + ms;
    while (records.size() < min && System.currentTimeMillis() < deadline) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) records.add(toJson(r));
    }
    return records;
  }

  private static ObjectNode toJson(ConsumerRecord<String, String> r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("topic", r.topic());
    o.put("partition", r.partition());
    o.put("offset", r.offset());
    o.put("key", r.key());
    o.put("value", r.value());
    ObjectNode headers = JSON.createObjectNode();
    for (Header h : r.headers()) headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
    o.set("headers", headers);
    return o;
  }

  /**
   * The offsets in a standalone worker's offset file. Kafka Connect's {@code FileOffsetBackingStore.save}
   * rewrites the file in place (truncate, then write), so a read can meet a file half written: that
   * is a write in progress, not a value, and the read is tried again until the file is whole.
   */
  private static ArrayNode offsets(Path file) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return readOffsets(file);
      } catch (java.io.EOFException | java.io.StreamCorruptedException | java.io.OptionalDataException e) {
        if (attempt == 100) throw new IllegalStateException("the offset file " + file + " stayed half written for 2 s: " + e);
        Thread.sleep(20);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static ArrayNode readOffsets(Path file) throws Exception {
    ArrayNode list = JSON.createArrayNode();
    if (!Files.exists(file)) return list;
    byte[] bytes = Files.readAllBytes(file);
    try (ObjectInputStream in = new ObjectInputStream(new java.io.ByteArrayInputStream(bytes))) {
      Map<byte[], byte[]> raw = (Map<byte[], byte[]>) in.readObject();
      for (Map.Entry<byte[], byte[]> e : raw.entrySet()) {
        ObjectNode o = JSON.createObjectNode();
        o.set("key", e.getKey() == null ? null : JSON.readTree(e.getKey()));
        o.set("value", e.getValue() == null ? null : JSON.readTree(e.getValue()));
        list.add(o);
      }
    }
    return list;
  }
}
