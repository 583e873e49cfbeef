package io.ferspark.inference;

import ai.djl.Model;
import io.ferspark.model.ModelDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly one loaded instance of each model per JVM (a Spark executor): created lazily by the first
 * task that needs it, shared by every later task and thread, closed when the JVM exits. Loading
 * verifies the parameters against the SHA-256 in the model's descriptor.
 */
public final class ModelHolder {

  private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);
  private static final Map<String, ExpressionModel> MODELS = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ModelHolder::closeAll, "fer-model-holder-close"));
  }

  private ModelHolder() {}

  /** The JVM's instance of this model, loading it on first use; concurrent callers wait for one load. */
  public static ExpressionModel acquire(ModelArtifact artifact) {
    return MODELS.computeIfAbsent(artifact.key(), key -> load(artifact));
  }

  /** Convenience for callers outside Spark: reads, verifies and acquires a model directory. */
  public static ExpressionModel acquire(Path modelDir) {
    return acquire(ModelArtifact.read(modelDir));
  }

  /** How many models this JVM has loaded since it started. */
  public static int loads() {
    return LOADS.get();
  }

  private static ExpressionModel load(ModelArtifact artifact) {
    long start = System.nanoTime();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("fer-model-");
      artifact.writeTo(dir);
      Model model = ModelDirectory.load(dir); // verifies the SHA-256 again, on this JVM's copy
      long millis = (System.nanoTime() - start) / 1_000_000;
      LOADS.incrementAndGet();
      LOG.info("Loaded model {} (sha256 {}) from {} in {} ms", artifact.name(), artifact.sha256(),
          artifact.source(), millis);
      return new ExpressionModel(model, artifact.name(), artifact.sha256(), millis);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load model " + artifact.name() + " from " + artifact.source(), e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      LOG.warn("Cannot delete temporary model copy {}: {}", dir, e.toString());
    }
  }

  private static void closeAll() {
    MODELS.values().forEach(ExpressionModel::close);
    MODELS.clear();
  }
}
