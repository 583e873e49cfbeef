package io.ferspark.model;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.ferspark.image.Preprocessing;
import io.ferspark.labels.Labels;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The on-disk model format: a directory with {@code model.json} ({@link ModelDescriptor}) and
 * {@code model.params} (DJL block parameters). Loading verifies the parameters' SHA-256 against the
 * descriptor before anything is built, so a tampered or truncated file is refused.
 */
public final class ModelDirectory {

  public static final String DESCRIPTOR_FILE = "model.json";
  public static final String PARAMS_FILE = "model.params";

  private static final Gson GSON = new GsonBuilder()
      .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
      .setPrettyPrinting()
      .disableHtmlEscaping()
      .create();

  private ModelDirectory() {}

  /** Writes parameters then the descriptor (with their SHA-256) into {@code dir}, replacing what is there. */
  public static ModelDescriptor save(Path dir, Block block, ModelDescriptor descriptor) throws IOException {
    Files.createDirectories(dir);
    Path params = dir.resolve(PARAMS_FILE);
    Path tmp = dir.resolve(PARAMS_FILE + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      block.saveParameters(out);
    }
    Files.move(tmp, params, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    descriptor.paramsFile = PARAMS_FILE;
    descriptor.paramsSha256 = sha256(params);
    if (descriptor.createdAt == null) {
      descriptor.createdAt = Instant.now().toString();
    }
    writeDescriptor(dir, descriptor);
    return descriptor;
  }

  /** Rewrites only the descriptor (e.g. to add metrics); the parameters and their digest stay. */
  public static void writeDescriptor(Path dir, ModelDescriptor descriptor) throws IOException {
    Path tmp = dir.resolve(DESCRIPTOR_FILE + ".tmp");
    Files.writeString(tmp, GSON.toJson(descriptor) + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(DESCRIPTOR_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads and validates {@code model.json}; fails with a message naming the directory. */
  public static ModelDescriptor readDescriptor(Path dir) {
    Path file = dir.resolve(DESCRIPTOR_FILE);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("Model directory " + dir + " does not exist: pass --model <dir> with a "
          + DESCRIPTOR_FILE + " and " + PARAMS_FILE + " (e.g. models/fer-mobilenet-v1)");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Model directory " + dir + " has no " + DESCRIPTOR_FILE);
    }
    ModelDescriptor descriptor;
    try {
      descriptor = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), ModelDescriptor.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (descriptor == null) {
      throw new IllegalArgumentException(file + " is empty");
    }
    descriptor.validate(file.toString());
    return descriptor;
  }

  /** Checks that the parameters file exists and matches the descriptor's SHA-256. */
  public static Path verifiedParams(Path dir, ModelDescriptor descriptor) {
    Path params = dir.resolve(descriptor.paramsFile);
    if (!Files.isRegularFile(params)) {
      throw new IllegalArgumentException("Model directory " + dir + " has no parameters file " + descriptor.paramsFile);
    }
    String actual;
    try {
      actual = sha256(params);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + params, e);
    }
    if (!actual.equals(descriptor.paramsSha256)) {
      throw new IllegalStateException("Model parameters " + params + " fail their checksum: SHA-256 is " + actual
          + " but " + DESCRIPTOR_FILE + " expects " + descriptor.paramsSha256
          + "; the file is corrupt or was replaced, so the model is refused");
    }
    return params;
  }

  /**
   * Loads a verified model: builds the network the descriptor names and fills it with the stored
   * parameters. The caller owns (closes) the returned {@link Model}.
   */
  public static Model load(Path dir) throws IOException {
    ModelDescriptor descriptor = readDescriptor(dir);
    Path params = verifiedParams(dir, descriptor);
    Model model = initializedModel(descriptor.name, descriptor.architectures());
    try {
      readParameters(model.getBlock(), model.getNDManager(), params);
      model.setProperty("sha256", descriptor.paramsSha256);
      model.setProperty("tta", descriptor.tta);
      model.setProperty("temperature", String.valueOf(descriptor.temperature));
      model.setProperty("activation_values",
          String.valueOf(descriptor.largestActivation()));
      return model;
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Fills an initialised {@code block} with the parameters stored in {@code params}. */
  static void readParameters(Block block, NDManager manager, Path params) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
      block.loadParameters(manager, in);
    } catch (ai.djl.MalformedModelException e) {
      throw new IllegalArgumentException("Model parameters " + params + " do not fit the architecture in "
          + DESCRIPTOR_FILE + ": " + e.getMessage(), e);
    }
  }

  /**
   * A model holding a freshly initialised network of {@code arch} for one 48x48 grayscale channel,
   * ready for parameters to be loaded or written into it. The caller owns (closes) it.
   */
  public static Model initializedModel(String name, MobileNetV1.Architecture arch) {
    return initializedModel(name, List.of(arch));
  }

  /** As {@link #initializedModel(String, MobileNetV1.Architecture)}, for one network or an {@link Ensemble} of several. */
  public static Model initializedModel(String name, List<MobileNetV1.Architecture> archs) {
    Block block = Ensemble.build(archs, Labels.COUNT);
    Model model = Model.newInstance(name);
    try {
      block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, Preprocessing.SIZE, Preprocessing.SIZE));
      model.setBlock(block);
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
