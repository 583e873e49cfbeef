package io.ferspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import io.ferspark.image.TestTimeAugmentation;
import io.ferspark.inference.ExpressionModel;
import io.ferspark.inference.ExpressionPredictor;
import io.ferspark.inference.ModelHolder;
import io.ferspark.inference.Prediction;
import io.ferspark.labels.Labels;
import io.ferspark.testing.TestData;
import io.ferspark.training.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleTest {

  /** A second member of another shape: members need not share width or strides. */
  private static final MobileNetV1.Architecture OTHER = new MobileNetV1.Architecture(0.3f, 2, 1, 0f);
  private static final int FACES = 3;

  @TempDir Path tmp;
  private Path a;
  private Path b;
  private float[] input;

  @BeforeEach
  void twoMembers() throws Exception {
    a = TestData.initializedModel(tmp.resolve("a"), TestData.TINY, 3);
    b = TestData.initializedModel(tmp.resolve("b"), OTHER, 4);
    input = new float[FACES * 48 * 48];
    Random random = new Random(9);
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextGaussian();
    }
  }

  private float[] logits(Model model) throws Exception {
    try (Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator());
        NDManager manager = NDManager.newBaseManager()) {
      return predictor.predict(new NDList(manager.create(input, new Shape(FACES, 1, 48, 48)))).singletonOrThrow().toFloatArray();
    }
  }

  private float[] logits(Path dir) throws Exception {
    try (Model model = ModelDirectory.load(dir)) {
      return logits(model);
    }
  }

  /** The element-wise mean of the members' logits: what an ensemble of them must answer. */
  private static float[] mean(float[]... members) {
    float[] mean = new float[members[0].length];
    for (int i = 0; i < mean.length; i++) {
      float sum = 0;
      for (float[] member : members) {
        sum += member[i];
      }
      mean[i] = sum / members.length;
    }
    return mean;
  }

  private static Path flipOneBit(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
    return file;
  }

  private Path saveEnsemble(Path dir) throws Exception {
    List<MobileNetV1.Architecture> archs = List.of(TestData.TINY, OTHER);
    try (Model ensemble = Ensemble.fromMembers("test-ensemble", List.of(a, b))) {
      ModelDirectory.save(dir, ensemble.getBlock(), ModelDescriptor.ofEnsemble("test-ensemble", archs));
    }
    return dir;
  }

  @Test
  void givesTheMeanOfItsMembersLogitsAndSurvivesASaveAndLoad() throws Exception {
    float[] left = logits(a);
    float[] right = logits(b);
    float[] mean = mean(left, right);
    assertEquals(FACES * Labels.COUNT, mean.length);
    assertFalse(java.util.Arrays.equals(left, right), "the two members should disagree, or the mean proves nothing");

    try (Model ensemble = Ensemble.fromMembers("test-ensemble", List.of(a, b))) {
      assertArrayEquals(mean, logits(ensemble), 1e-6f);
    }
    Path dir = saveEnsemble(tmp.resolve("ens"));
    assertArrayEquals(mean, logits(dir), 1e-6f);
  }

  @Test
  void labelsThroughTheInferenceLibraryWithTheMeanLogits() throws Exception {
    Path dir = saveEnsemble(tmp.resolve("ens"));
    float[] mean = logits(dir);
    ExpressionModel model = ModelHolder.acquire(dir);
    List<float[]> faces = new java.util.ArrayList<>();
    for (int f = 0; f < FACES; f++) {
      faces.add(java.util.Arrays.copyOfRange(input, f * 48 * 48, (f + 1) * 48 * 48));
    }
    try (ExpressionPredictor predictor = model.newPredictor(TestTimeAugmentation.NONE)) {
      List<Prediction> predictions = predictor.predict(faces);
      for (int f = 0; f < FACES; f++) {
        double[] expected = new double[Labels.COUNT];
        Validation.softmax(mean, f, 1, expected);
        for (int c = 0; c < Labels.COUNT; c++) {
          assertEquals(expected[c], predictions.get(f).probabilities()[c], 1e-5, "face " + f + " class " + c);
        }
      }
    }
  }

  @Test
  void descriptorNamesEachMemberAndSumsTheCost() throws Exception {
    ModelDescriptor d = ModelDirectory.readDescriptor(saveEnsemble(tmp.resolve("ens")));
    assertTrue(d.isEnsemble());
    assertEquals(List.of(TestData.TINY, OTHER), d.architectures());
    assertNull(d.width, "an ensemble has no single width");
    assertEquals(TestData.TINY.multiplyAdds(48, Labels.COUNT) + OTHER.multiplyAdds(48, Labels.COUNT), d.multiplyAdds);
    assertEquals(d.multiplyAdds, d.multiplyAddsPerPass());
    assertEquals(Math.max(TestData.TINY.largestActivation(48), OTHER.largestActivation(48)), d.largestActivation());
    String json = Files.readString(tmp.resolve("ens").resolve(ModelDirectory.DESCRIPTOR_FILE));
    assertTrue(json.contains("\"members\"") && json.contains("\"stem_stride\""), json);
  }

  @Test
  void singleNetworkStepsRefuseAnEnsembleWithAMessage() throws Exception {
    ModelDescriptor d = ModelDirectory.readDescriptor(saveEnsemble(tmp.resolve("ens")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, d::architectureSpec);
    assertTrue(e.getMessage().contains("ensemble of 2 networks"), e.getMessage());
  }

  @Test
  void anEnsembleJoinsAnotherAsItsNetworks() throws Exception {
    Path c = TestData.initializedModel(tmp.resolve("c"), TestData.TINY, 5);
    float[] first = logits(a);
    float[] third = logits(c);
    float[] mean = mean(first, logits(b), third);
    assertFalse(java.util.Arrays.equals(first, third), "members a and c should disagree");

    Path ens = saveEnsemble(tmp.resolve("ens"));
    List<ModelDescriptor> inputs = List.of(ModelDirectory.readDescriptor(ens), ModelDirectory.readDescriptor(c));
    assertEquals(List.of(TestData.TINY, OTHER, TestData.TINY), Ensemble.networks(inputs));
    try (Model grown = Ensemble.fromMembers("grown", List.of(ens, c))) {
      assertArrayEquals(mean, logits(grown), 1e-6f);
    }
  }

  @Test
  void refusesATamperedMember() throws Exception {
    flipOneBit(b.resolve(ModelDirectory.PARAMS_FILE));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Ensemble.fromMembers("test-ensemble", List.of(a, b)));
    assertTrue(e.getMessage().contains(b.toString()) && e.getMessage().contains("checksum"), e.getMessage());
  }

  /** Saves an ensemble, replaces {@code text} in its model.json and expects loading to fail with {@code message}. */
  private void assertRefusedAfterEditing(String text, String replacement, String message) throws Exception {
    Path dir = saveEnsemble(tmp.resolve("ens"));
    Path json = dir.resolve(ModelDirectory.DESCRIPTOR_FILE);
    Files.writeString(json, Files.readString(json).replace(text, replacement));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.load(dir));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void refusesADescriptorThatMixesMembersWithATopLevelShape() throws Exception {
    assertRefusedAfterEditing("\"members\"", "\"width\": 0.5,\n  \"members\"", "members only");
  }

  @Test
  void storesEachMemberInAFileOfItsOwnWithItsOwnDigest() throws Exception {
    Path dir = saveEnsemble(tmp.resolve("ens"));
    ModelDescriptor d = ModelDirectory.readDescriptor(dir);
    assertFalse(Files.exists(dir.resolve(ModelDirectory.PARAMS_FILE)), "an ensemble keeps no single parameters file");
    assertNull(d.paramsFile);
    List<String> digests = new java.util.ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ModelDescriptor.Member m = d.members.get(i);
      assertEquals("member-" + (i + 1) + ".params", m.paramsFile);
      assertEquals(ModelDirectory.sha256(dir.resolve(m.paramsFile)), m.paramsSha256);
      digests.add(m.paramsSha256);
    }
    // Each member's file is the same bytes as that network saved on its own.
    assertEquals(ModelDirectory.readDescriptor(a).paramsSha256, digests.get(0));
    assertEquals(ModelDirectory.readDescriptor(b).paramsSha256, digests.get(1));
    assertEquals(ModelDirectory.combinedSha256(digests), d.paramsSha256);
    assertFalse(digests.contains(d.paramsSha256));
  }

  @Test
  void refusesATamperedMemberFileOfASavedEnsemble() throws Exception {
    Path dir = saveEnsemble(tmp.resolve("ens"));
    flipOneBit(dir.resolve("member-2.params"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelDirectory.load(dir));
    assertTrue(e.getMessage().contains("member-2.params") && e.getMessage().contains("checksum"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> Ensemble.fromMembers("grown", List.of(dir, a)));
  }

  @Test
  void refusesAMemberDigestEditedByHand() throws Exception {
    Path dir = saveEnsemble(tmp.resolve("ens"));
    Path second = flipOneBit(dir.resolve("member-2.params"));
    // Re-pointing the member's digest at the changed file still breaks the digest that names the model.
    Path json = dir.resolve(ModelDirectory.DESCRIPTOR_FILE);
    ModelDescriptor d = ModelDirectory.readDescriptor(dir);
    Files.writeString(json, Files.readString(json).replace(d.members.get(1).paramsSha256, ModelDirectory.sha256(second)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.load(dir));
    assertTrue(e.getMessage().contains("digest of the members"), e.getMessage());
  }

  @Test
  void loadsAnEnsembleKeptInOneParametersFile() throws Exception {
    // The layout ensembles had before each member got a file: every network in model.params, in order.
    Path dir = tmp.resolve("one-file");
    ModelDescriptor d = ModelDescriptor.ofEnsemble("one-file", List.of(TestData.TINY, OTHER));
    try (Model ensemble = Ensemble.fromMembers("one-file", List.of(a, b))) {
      Files.createDirectories(dir);
      try (java.io.DataOutputStream out = new java.io.DataOutputStream(
          Files.newOutputStream(dir.resolve(ModelDirectory.PARAMS_FILE)))) {
        ensemble.getBlock().saveParameters(out);
      }
    }
    d.paramsFile = ModelDirectory.PARAMS_FILE;
    d.paramsSha256 = ModelDirectory.sha256(dir.resolve(ModelDirectory.PARAMS_FILE));
    ModelDirectory.writeDescriptor(dir, d);
    float[] mean = mean(logits(a), logits(b));
    assertArrayEquals(mean, logits(dir), 1e-6f);
    try (Model grown = Ensemble.fromMembers("grown", List.of(dir, a))) {
      assertArrayEquals(mean(logits(a), logits(b), logits(a)), logits(grown), 1e-6f);
    }
    // Saving it again moves it to one file per member and leaves no stale single file behind.
    try (Model loaded = ModelDirectory.load(dir)) {
      ModelDirectory.save(dir, loaded.getBlock(), ModelDescriptor.ofEnsemble("one-file", List.of(TestData.TINY, OTHER)));
    }
    assertFalse(Files.exists(dir.resolve(ModelDirectory.PARAMS_FILE)));
    assertTrue(Files.isRegularFile(dir.resolve("member-2.params")));
    assertArrayEquals(mean, logits(dir), 1e-6f);
  }

  @Test
  void refusesAParametersFileNamedOutsideTheDirectory() throws Exception {
    assertRefusedAfterEditing("\"member-2.params\"", "\"../b/model.params\"", "not a file name inside the model directory");
  }
}
