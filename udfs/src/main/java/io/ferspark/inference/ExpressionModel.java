package io.ferspark.inference;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
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
  private final String tta;
  private final double temperature;
  private final long loadMillis;
  private final int facesPerPass;
  private final AtomicBoolean loadReported = new AtomicBoolean();

  ExpressionModel(Model model, String name, String sha256, long loadMillis) {
    this.model = model;
    this.name = name;
    this.sha256 = sha256;
    this.tta = model.getProperty("tta", "none");
    this.temperature = Double.parseDouble(model.getProperty("temperature", "1"));
    this.loadMillis = loadMillis;
    long activation = Long.parseLong(model.getProperty("activation_values", "1"));
    long bytesPerFace = activation * Float.BYTES * passesPerFace();
    this.facesPerPass = (int) Math.max(1, Math.min(Integer.MAX_VALUE, PASS_ACTIVATION_BYTES / bytesPerFace));
    // Inference never back-propagates: parameters that do not require gradients keep PyTorch from
    // recording an autograd graph on every forward pass (time and memory).
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      if (p.getValue().isInitialized()) {
        p.getValue().getArray().setRequiresGradient(false);
      }
    }
  }

  /** A predictor for the calling thread; close it when the thread's work (a partition) is done. */
  public ExpressionPredictor newPredictor() {
    return new ExpressionPredictor(model.newPredictor(new ExpressionTranslator(tta, temperature)), facesPerPass);
  }

  /** Forward passes each face costs: 2 with flip averaging (the face and its mirror), else 1. */
  public int passesPerFace() {
    return "flip".equals(tta) ? 2 : 1;
  }

  /** Most faces one forward pass takes; {@link ExpressionPredictor} splits larger batches. */
  public int facesPerPass() {
    return facesPerPass;
  }

  public String name() {
    return name;
  }

  public String sha256() {
    return sha256;
  }

  /** Test-time augmentation in use: "none" or "flip". */
  public String tta() {
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
