package io.ferspark.inference;

import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A verified model directory held as bytes, so it can travel to executors (as a Spark broadcast)
 * that cannot see the driver's disk. {@link #read(Path)} fails on the driver, before any task runs,
 * when the directory is missing, malformed or fails its SHA-256.
 */
public record ModelArtifact(String name, String sha256, String source, byte[] descriptor,
    LinkedHashMap<String, byte[]> params) implements Serializable {

  /** Reads and verifies a model directory (descriptor, every parameters file, checksums). */
  public static ModelArtifact read(Path dir) {
    ModelDescriptor descriptor = ModelDirectory.readDescriptor(dir);
    List<Path> files = ModelDirectory.verifiedParams(dir, descriptor);
    try {
      LinkedHashMap<String, byte[]> params = new LinkedHashMap<>();
      for (Path file : files) {
        params.put(file.getFileName().toString(), Files.readAllBytes(file));
      }
      byte[] descriptorBytes = Files.readAllBytes(dir.resolve(ModelDirectory.DESCRIPTOR_FILE));
      return new ModelArtifact(descriptor.name, descriptor.paramsSha256, dir.toAbsolutePath().toString(),
          descriptorBytes, params);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model directory " + dir, e);
    }
  }

  /** Identifies the loaded model: the parameters' digest plus the descriptor (which sets e.g. tta). */
  String key() {
    return sha256 + "-" + Integer.toHexString(Arrays.hashCode(descriptor));
  }

  /** Writes the files into {@code dir} so {@link ModelDirectory#load(Path)} can verify and load them. */
  void writeTo(Path dir) throws IOException {
    Files.write(dir.resolve(ModelDirectory.DESCRIPTOR_FILE), descriptor);
    for (Map.Entry<String, byte[]> file : params.entrySet()) {
      Files.write(dir.resolve(file.getKey()), file.getValue());
    }
  }
}
