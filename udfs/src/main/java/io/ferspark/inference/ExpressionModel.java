package io.ferspark.inference;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.ferspark.image.TestTimeAugmentation;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loaded, verified model shared by all task threads of a JVM (see {@link ModelHolder}). Each
 * thread asks it for its own {@link ExpressionPredictor}.
 */
public final class ExpressionModel implements AutoCloseable {

  /**
   * Bytes the largest feature map of one forward pass may take. PyTorch's CPU tensors come straight
   * from malloc, and glibc serves blocks above its mmap threshold (at most 32 MiB) with fresh mappings
   * that page-fault on every pass: at twice this budget the forward rate fell about 8x. Larger batches
   * are therefore split into passes under this size; below it the rate hardly depends on batch size.
   */
  static final long PASS_ACTIVATION_BYTES = 16L << 20;

  private final Model model;
  private final String name;
  private final String sha256;
  private final TestTimeAugmentation tta;
  private final double temperature;
  private final long loadMillis;
  private final long activationValues;
  private final AtomicBoolean loadReported = new AtomicBoolean();

  ExpressionModel(Model model, String name, String sha256, long loadMillis) {
    this.model = model;
    this.name = name;
    this.sha256 = sha256;
    this.tta = TestTimeAugmentation.of(model.getProperty("tta", "none"));
    this.temperature = Double.parseDouble(model.getProperty("temperature", "1"));
    this.loadMillis = loadMillis;
    this.activationValues = Long.parseLong(model.getProperty("activation_values", "1"));
    // Inference never back-propagates: parameters that do not require gradients keep PyTorch from
    // recording an autograd graph on every forward pass (time and memory).
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      if (p.getValue().isInitialized()) {
        p.getValue().getArray().setRequiresGradient(false);
      }
    }
  }

  /** A predictor for the calling thread, with the model's own test-time augmentation. */
  public ExpressionPredictor newPredictor() {
    return newPredictor(tta);
  }

  /**
   * A predictor for the calling thread that averages over the views of {@code views} instead of the
   * model's own (a faster or a more accurate labeling run); close it when the thread's work is done.
   */
  public ExpressionPredictor newPredictor(TestTimeAugmentation views) {
    return new ExpressionPredictor(model.newPredictor(new ExpressionTranslator(views, temperature)),
        facesPerPass(views));
  }

  /** Most faces one forward pass takes with the model's own test-time augmentation. */
  public int facesPerPass() {
    return facesPerPass(tta);
  }

  /** Most faces one forward pass takes under {@code views}; {@link ExpressionPredictor} splits larger batches. */
  public int facesPerPass(TestTimeAugmentation views) {
    long bytesPerFace = activationValues * Float.BYTES * views.views();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, PASS_ACTIVATION_BYTES / bytesPerFace));
  }

  public String name() {
    return name;
  }

  public String sha256() {
    return sha256;
  }

  /** The model's own test-time augmentation (model.json {@code tta}). */
  public TestTimeAugmentation tta() {
    return tta;
  }

  /** Softmax temperature the logits are divided by (1 = as trained). */
  public double temperature() {
    return temperature;
  }

  /** Wall time of the load: materialising the bytes, checksum, building the network, reading the parameters. */
  public long loadMillis() {
    return loadMillis;
  }

  /** True exactly once per loaded model: lets the first partition that sees it report the load. */
  public boolean claimLoadReport() {
    return loadReported.compareAndSet(false, true);
  }

  @Override
  public void close() {
    model.close();
  }
}
