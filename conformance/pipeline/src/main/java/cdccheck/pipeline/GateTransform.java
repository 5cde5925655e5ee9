package cdccheck.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A control point of the harness: a single message transform that holds every record until the
 * file named by {@code gate.file} exists, then passes records on unchanged. With a small
 * {@code max.queue.size} the connector's reader blocks behind it, so a test can hold Debezium
 * in the middle of a snapshot (or of a stream) and write meanwhile. Logs once when it first
 * holds a record.
 */
public final class GateTransform<R extends ConnectRecord<R>> implements Transformation<R> {
  private static final Logger LOG = LoggerFactory.getLogger(GateTransform.class);
  private Path gate;
  private boolean announced;

  @Override
  public void configure(Map<String, ?> configs) {
    gate = Path.of(String.valueOf(configs.get("gate.file")));
  }

  @Override
  public R apply(R record) {
    while (!Files.exists(gate)) {
      if (!announced) {
        LOG.info("cdc-check gate: holding records until {} exists", gate);
        announced = true;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return record;
      }
    }
    return record;
  }

  @Override
  public ConfigDef config() {
    return new ConfigDef().define("gate.file", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "The file whose existence opens the gate.");
  }

  @Override
  public void close() {}
}
