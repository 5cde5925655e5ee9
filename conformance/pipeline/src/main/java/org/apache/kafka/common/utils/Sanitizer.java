package org.apache.kafka.common.utils;

/**
 * Compatibility shim, not part of Kafka: Debezium 3.6.1 (built against Kafka 4.3) calls
 * {@code org.apache.kafka.common.utils.Sanitizer} for its JMX metric names, and Kafka 4.4.0
 * moved that class to {@code org.apache.kafka.common.utils.internals.Sanitizer}. Without this
 * delegate the Debezium task fails at start with a ClassNotFoundException on Kafka Connect
 * 4.4.0. It only forwards to Kafka's own implementation.
 */
public final class Sanitizer {
  private Sanitizer() {}

  /** Forwards to Kafka 4.4's {@code internals.Sanitizer.sanitize}. */
  public static String sanitize(String name) {
    return org.apache.kafka.common.utils.internals.Sanitizer.sanitize(name);
  }

  /** Forwards to Kafka 4.4's {@code internals.Sanitizer.desanitize}. */
  public static String desanitize(String name) {
    return org.apache.kafka.common.utils.internals.Sanitizer.desanitize(name);
  }

  /** Forwards to Kafka 4.4's {@code internals.Sanitizer.jmxSanitize}. */
  public static String jmxSanitize(String name) {
    return org.apache.kafka.common.utils.internals.Sanitizer.jmxSanitize(name);
  }
}
