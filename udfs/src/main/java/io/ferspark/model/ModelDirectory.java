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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The on-disk model format: a directory with {@code model.json} ({@link ModelDescriptor}) and the
 * DJL block parameters, {@code model.params} for one network or {@code member-<n>.params} per
 * network of an ensemble. Loading verifies every parameters file's SHA-256 against the descriptor
 * before anything is built, so a tampered or truncated file is refused.
 */
public final class ModelDirectory {

  public static final String DESCRIPTOR_FILE = "model.json";
  public static final String PARAMS_FILE = "model.params";
  /** An ensemble's member {@code n} (from 1) keeps its parameters in {@code member-<n>.params}. */
  public static final String MEMBER_FILE_PREFIX = "member-";

  private static final Gson GSON = new GsonBuilder()
      .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
      .setPrettyPrinting()
      .disableHtmlEscaping()
      .create();

  private ModelDirectory() {}

  /**
   * Writes parameters then the descriptor (with their SHA-256) into {@code dir}, replacing what is
   * there. A single network goes to {@value #PARAMS_FILE}; an ensemble's networks each go to their
   * own {@code member-<n>.params}, so no file grows with the number of members.
   */
  public static ModelDescriptor save(Path dir, Block block, ModelDescriptor descriptor) throws IOException {
    Files.createDirectories(dir);
    if (descriptor.isEnsemble()) {
      List<Block> nets = block.getChildren().values();
      if (nets.size() != descriptor.members.size()) {
        throw new IllegalArgumentException("The block has " + nets.size() + " networks but the descriptor names "
            + descriptor.members.size() + " members");
      }
      for (int i = 0; i < nets.size(); i++) {
        ModelDescriptor.Member member = descriptor.members.get(i);
        member.paramsFile = MEMBER_FILE_PREFIX + (i + 1) + ".params";
        member.paramsSha256 = writeParameters(nets.get(i), dir.resolve(member.paramsFile));
      }
      descriptor.paramsFile = null;
      descriptor.paramsSha256 = combinedSha256(descriptor.members.stream().map(m -> m.paramsSha256).toList());
    } else {
      descriptor.paramsFile = PARAMS_FILE;
      descriptor.paramsSha256 = writeParameters(block, dir.resolve(PARAMS_FILE));
    }
    if (descriptor.createdAt == null) {
      descriptor.createdAt = Instant.now().toString();
    }
    writeDescriptor(dir, descriptor);
    removeStaleParameters(dir, descriptor);
    return descriptor;
  }

  /** Writes one block's parameters through a temporary file and returns their SHA-256. */
  private static String writeParameters(Block block, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      block.saveParameters(out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return sha256(file);
  }

  /** Deletes parameters files an earlier model in {@code dir} left that the new descriptor does not name. */
  private static void removeStaleParameters(Path dir, ModelDescriptor descriptor) throws IOException {
    Set<String> kept = descriptor.paramsFiles().stream().map(ModelDescriptor.ParamsFile::file).collect(Collectors.toSet());
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "{" + PARAMS_FILE + "," + MEMBER_FILE_PREFIX + "*.params}")) {
      for (Path file : files) {
        if (!kept.contains(file.getFileName().toString())) {
          Files.delete(file);
        }
      }
    }
  }

  /**
   * The digest that names an ensemble stored one file per member: the SHA-256 of its members'
   * hex digests, each followed by a newline, in member order.
   */
  public static String combinedSha256(List<String> memberSha256s) {
    StringBuilder text = new StringBuilder();
    memberSha256s.forEach(d -> text.append(d).append('\n'));
    return HexFormat.of().formatHex(digest().digest(text.toString().getBytes(StandardCharsets.UTF_8)));
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
          + DESCRIPTOR_FILE + " and its parameters (e.g. models/fer-mobilenet-v1)");
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

  /**
   * Checks that every parameters file the descriptor names exists and matches its SHA-256; returns
   * them in network order (see {@link ModelDescriptor#paramsFiles()}).
   */
  public static List<Path> verifiedParams(Path dir, ModelDescriptor descriptor) {
    return descriptor.paramsFiles().stream().map(part -> verified(dir, part)).toList();
  }

  private static Path verified(Path dir, ModelDescriptor.ParamsFile part) {
    Path params = dir.resolve(part.file());
    if (!Files.isRegularFile(params)) {
      throw new IllegalArgumentException("Model directory " + dir + " has no parameters file " + part.file());
    }
    String actual;
    try {
      actual = sha256(params);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + params, e);
    }
    if (!actual.equals(part.sha256())) {
      throw new IllegalStateException("Model parameters " + params + " fail their checksum: SHA-256 is " + actual
          + " but " + DESCRIPTOR_FILE + " expects " + part.sha256()
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
    List<Path> params = verifiedParams(dir, descriptor);
    Model model = initializedModel(descriptor.name, descriptor.architectures());
    try {
      List<Block> nets = descriptor.isEnsemble() ? model.getBlock().getChildren().values() : List.of(model.getBlock());
      readParameters(nets, model.getNDManager(), descriptor, params);
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

  /**
   * Fills {@code nets} (initialised, one per network of {@code descriptor}, in order) from the
   * verified files {@code params} of {@link #verifiedParams}.
   */
  static void readParameters(List<Block> nets, NDManager manager, ModelDescriptor descriptor, List<Path> params)
      throws IOException {
    List<ModelDescriptor.ParamsFile> parts = descriptor.paramsFiles();
    int next = 0;
    for (int i = 0; i < parts.size(); i++) {
      int count = parts.get(i).networks();
      // A file that holds several networks has them one after the other, as a ParallelBlock of them reads it.
      Block target = count == 1 ? nets.get(next) : Ensemble.mean(nets.subList(next, next + count));
      readParameters(target, manager, params.get(i));
      next += count;
    }
  }

  /** Fills an initialised {@code block} with the parameters stored in {@code params}. */
  public static void readParameters(Block block, NDManager manager, Path params) throws IOException {
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
    MessageDigest digest = digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
