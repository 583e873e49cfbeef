package io.ferspark.model;

import io.ferspark.image.Preprocessing;
import io.ferspark.image.TestTimeAugmentation;
import io.ferspark.labels.Labels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code model.json} of a model directory: what the network is, what input it expects, which
 * labels its outputs mean, the SHA-256 of its parameters, and how it was trained and measured.
 * Fields are public and snake_case-serialised so the file reads well and stays stable.
 */
public final class ModelDescriptor {

  public static final int FORMAT_VERSION = 1;

  public int formatVersion = FORMAT_VERSION;
  public String name;
  public String architecture = "mobilenet_v1";
  /** The network's shape; absent for an ensemble, whose {@link #members} each have their own. */
  public Float width;
  public Integer stemStride;
  public Integer finalStride;
  public Float dropout;
  /**
   * For an {@link Ensemble}: the shape of each member network, in the order their parameters are
   * stored; inference averages their logits. Absent for a single network.
   */
  public List<Member> members;
  public int inputSize = Preprocessing.SIZE;
  public int inputChannels = 1;
  public String preprocessing =
      "decode to 8-bit luma (BT.601, alpha over white); centre-crop to square; box-filter resize to "
          + Preprocessing.SIZE + "x" + Preprocessing.SIZE + "; x/255; (x - mean) / std";
  public float mean = Preprocessing.MEAN;
  public float std = Preprocessing.STD;
  /**
   * Test-time augmentation applied by inference ({@link TestTimeAugmentation}): "none", "flip" (average
   * with the mirrored face) or "shift-flip" (10 views: 2-pixel shifts and mirrors).
   */
  public String tta = "none";
  /**
   * Softmax temperature inference divides the logits by (fitted by {@code calibrate}); 1 leaves
   * the network's probabilities as trained. It never changes a single-pass prediction.
   */
  public double temperature = 1;
  public List<String> labels = Labels.NAMES;
  /** The single parameters file; absent for an ensemble whose {@link #members} each name their own. */
  public String paramsFile;
  /**
   * The SHA-256 of {@link #paramsFile}; for an ensemble stored one file per member, the SHA-256 of its
   * members' digests (see {@link ModelDirectory#combinedSha256}). Either way it names these weights.
   */
  public String paramsSha256;
  public long multiplyAdds;
  public String createdAt;
  /** The recipe that produced the parameters (optimizer, schedule, augmentation, epochs, time). */
  public Map<String, Object> training = new LinkedHashMap<>();
  /** Measured quality, e.g. val accuracy. */
  public Map<String, Object> metrics = new LinkedHashMap<>();

  /** The shape of one member network of an ensemble, and the file that holds its parameters. */
  public static final class Member {
    public float width;
    public int stemStride;
    public int finalStride;
    public float dropout;
    /** Absent in an ensemble that keeps every member in the top-level {@code params_file}. */
    public String paramsFile;
    public String paramsSha256;

    public static Member of(MobileNetV1.Architecture arch) {
      Member m = new Member();
      m.width = arch.width();
      m.stemStride = arch.stemStride();
      m.finalStride = arch.finalStride();
      m.dropout = arch.dropout();
      return m;
    }

    public MobileNetV1.Architecture architecture() {
      return new MobileNetV1.Architecture(width, stemStride, finalStride, dropout);
    }
  }

  public TestTimeAugmentation testTimeAugmentation() {
    return TestTimeAugmentation.of(tta);
  }

  public boolean isEnsemble() {
    return members != null && !members.isEmpty();
  }

  /**
   * The shape of this single network. Steps that change one network's weights (training from it,
   * widening, weight averaging) call this, so an ensemble is refused there with a message.
   */
  public MobileNetV1.Architecture architectureSpec() {
    if (isEnsemble()) {
      throw new IllegalArgumentException("Model " + name + " is an ensemble of " + members.size()
          + " networks: this step needs a single network, e.g. one of the model directories it was built from");
    }
    if (width == null || stemStride == null || finalStride == null || dropout == null) {
      throw new IllegalArgumentException("Model " + name + " does not name its network shape: "
          + "model.json needs width, stem_stride, final_stride and dropout (or members, for an ensemble)");
    }
    return new MobileNetV1.Architecture(width, stemStride, finalStride, dropout);
  }

  /** The networks whose parameters the parameters file holds: one, or each member of an ensemble. */
  public List<MobileNetV1.Architecture> architectures() {
    return isEnsemble() ? members.stream().map(Member::architecture).toList() : List.of(architectureSpec());
  }

  /** One parameters file of a model directory and how many networks (in order) it fills. */
  public record ParamsFile(String file, String sha256, int networks) {}

  /**
   * The parameters files to verify and load, in network order: one per member for an ensemble that
   * names them, else the single {@link #paramsFile} holding every network one after the other.
   */
  public List<ParamsFile> paramsFiles() {
    if (isEnsemble() && members.get(0).paramsFile != null) {
      return members.stream().map(m -> new ParamsFile(m.paramsFile, m.paramsSha256, 1)).toList();
    }
    return List.of(new ParamsFile(paramsFile, paramsSha256, architectures().size()));
  }

  /** Multiply-adds of one forward pass of one face through every network this model runs. */
  public long multiplyAddsPerPass() {
    return architectures().stream().mapToLong(a -> a.multiplyAdds(inputSize, Labels.COUNT)).sum();
  }

  /** Values in the largest feature map of one face: members run one after the other, so the largest member's. */
  public long largestActivation() {
    return architectures().stream().mapToLong(a -> a.largestActivation(inputSize)).max().orElseThrow();
  }

  /** A recorded metric that is a fraction (e.g. "val_accuracy") as "66.48%", or "n/a" when absent. */
  public String metricPercent(String key) {
    return metrics.get(key) instanceof Number n ? String.format("%.2f%%", 100 * n.doubleValue()) : "n/a";
  }

  public static ModelDescriptor of(String name, MobileNetV1.Architecture arch) {
    ModelDescriptor d = new ModelDescriptor();
    d.name = name;
    d.width = arch.width();
    d.stemStride = arch.stemStride();
    d.finalStride = arch.finalStride();
    d.dropout = arch.dropout();
    d.paramsFile = ModelDirectory.PARAMS_FILE;
    d.multiplyAdds = d.multiplyAddsPerPass();
    return d;
  }

  /** The descriptor of an ensemble of networks of these shapes (multiply-adds: their sum). */
  public static ModelDescriptor ofEnsemble(String name, List<MobileNetV1.Architecture> archs) {
    if (archs.size() < 2) {
      throw new IllegalArgumentException("An ensemble needs at least two networks, got " + archs.size());
    }
    ModelDescriptor d = new ModelDescriptor();
    d.name = name;
    d.members = archs.stream().map(Member::of).toList();
    d.multiplyAdds = d.multiplyAddsPerPass();
    return d;
  }

  /** Checks the parts a loader relies on, with a message that says what is wrong. */
  void validate(String source) {
    if (formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          source + ": format_version " + formatVersion + " is not supported (expected " + FORMAT_VERSION + ")");
    }
    if (!"mobilenet_v1".equals(architecture)) {
      throw new IllegalArgumentException(source + ": architecture '" + architecture + "' is not mobilenet_v1");
    }
    if (!Labels.NAMES.equals(labels)) {
      throw new IllegalArgumentException(source + ": labels " + labels + " differ from " + Labels.NAMES);
    }
    if (inputSize != Preprocessing.SIZE || inputChannels != 1 || mean != Preprocessing.MEAN || std != Preprocessing.STD) {
      throw new IllegalArgumentException(source + ": input (" + inputSize + "x" + inputSize + "x" + inputChannels
          + ", mean " + mean + ", std " + std + ") differs from this build's preprocessing");
    }
    try {
      TestTimeAugmentation.of(tta);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(source + ": temperature " + temperature + " is not a positive number");
    }
    if (!isSha256Hex(paramsSha256)) {
      throw new IllegalArgumentException(source + ": params_sha256 is missing or not a SHA-256 hex digest");
    }
    validateParamsFiles(source);
    if (isEnsemble() && (width != null || stemStride != null || finalStride != null || dropout != null)) {
      throw new IllegalArgumentException(source + ": an ensemble names its networks' shapes in members only, "
          + "not in width, stem_stride, final_stride or dropout");
    }
    try {
      architectures(); // validates widths and strides
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private void validateParamsFiles(String source) {
    long named = isEnsemble() ? members.stream().filter(m -> m.paramsFile != null || m.paramsSha256 != null).count() : 0;
    if (named == 0) {
      if (paramsFile == null) {
        throw new IllegalArgumentException(source + ": params_file is missing");
      }
      checkFileName(source, "params_file", paramsFile);
      return;
    }
    if (named != members.size() || paramsFile != null) {
      throw new IllegalArgumentException(source + ": an ensemble keeps its parameters either in params_file or in "
          + "a params_file and params_sha256 for every member, not both and not for some members only");
    }
    for (Member m : members) {
      checkFileName(source, "a member's params_file", m.paramsFile);
      if (!isSha256Hex(m.paramsSha256)) {
        throw new IllegalArgumentException(source + ": member " + m.paramsFile
            + " has no params_sha256 or it is not a SHA-256 hex digest");
      }
    }
    if (members.stream().map(m -> m.paramsFile).distinct().count() != members.size()) {
      throw new IllegalArgumentException(source + ": two members name the same params_file");
    }
    String combined = ModelDirectory.combinedSha256(members.stream().map(m -> m.paramsSha256).toList());
    if (!combined.equals(paramsSha256)) {
      throw new IllegalArgumentException(source + ": params_sha256 " + paramsSha256
          + " is not the digest of the members' params_sha256 (" + combined + "); model.json was edited by hand");
    }
  }

  private static boolean isSha256Hex(String digest) {
    return digest != null && digest.matches("[0-9a-f]{64}");
  }

  /** A parameters file lives in the model directory itself: a plain name, never a path out of it. */
  private static void checkFileName(String source, String field, String name) {
    if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new IllegalArgumentException(source + ": " + field + " '" + name
          + "' is not a file name inside the model directory");
    }
  }
}
