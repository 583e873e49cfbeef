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
    Path params = b.resolve(ModelDirectory.PARAMS_FILE);
    byte[] bytes = Files.readAllBytes(params);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(params, bytes);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Ensemble.fromMembers("test-ensemble", List.of(a, b)));
    assertTrue(e.getMessage().contains(b.toString()) && e.getMessage().contains("checksum"), e.getMessage());
  }

  @Test
  void refusesADescriptorThatMixesMembersWithATopLevelShape() throws Exception {
    Path dir = saveEnsemble(tmp.resolve("ens"));
    Path json = dir.resolve(ModelDirectory.DESCRIPTOR_FILE);
    Files.writeString(json, Files.readString(json).replace("\"members\"", "\"width\": 0.5,\n  \"members\""));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.load(dir));
    assertTrue(e.getMessage().contains("members only"), e.getMessage());
  }
}
