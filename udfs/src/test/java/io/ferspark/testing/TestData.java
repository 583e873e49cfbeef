package io.ferspark.testing;

import ai.djl.Model;
import ai.djl.engine.Engine;
import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.model.MobileNetV1;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Where tests find FER2013 and the project, and small real models they can build. */
public final class TestData {

  /** A narrow network: real MobileNet V1 layers, fast enough for plumbing tests. */
  public static final MobileNetV1.Architecture TINY = new MobileNetV1.Architecture(0.25f, 2, 2, 0f);

  private TestData() {}

  /** FER2013 root: {@code FER2013_DIR}, else {@code ../shared/data/fer2013} beside the checkout. */
  public static Path fer2013() {
    String env = System.getenv("FER2013_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String property = System.getProperty("fer2013.dir");
    return property != null ? Path.of(property) : projectDir().resolve("../shared/data/fer2013").normalize();
  }

  /** A FER2013 split ("train" or "val"); skips the calling test with a message when it is absent. */
  public static Path fer2013Split(String split) {
    Path dir = fer2013().resolve(split);
    Assumptions.assumeTrue(Files.isDirectory(dir),
        "FER2013 " + split + " split not found at " + dir + ": set FER2013_DIR to the folder holding train/ and val/ to run this test");
    return dir;
  }

  /** The repository root (where the root pom.xml is). */
  public static Path projectDir() {
    String property = System.getProperty("fer.project.dir");
    if (property != null) {
      return Path.of(property);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("udfs"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("Cannot find the project root above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** Writes a freshly initialised (seeded, untrained) model directory of {@code arch} into {@code dir}. */
  public static Path initializedModel(Path dir, MobileNetV1.Architecture arch, long seed) throws IOException {
    Engine.getInstance().setRandomSeed((int) seed);
    try (Model model = ModelDirectory.initializedModel("test-model", arch)) {
      ModelDirectory.save(dir, model.getBlock(), ModelDescriptor.of("test-model", arch));
    }
    return dir;
  }
}
