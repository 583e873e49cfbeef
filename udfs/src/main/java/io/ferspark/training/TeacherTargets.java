package io.ferspark.training;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import io.ferspark.labels.Labels;
import io.ferspark.model.ModelDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Soft targets for knowledge distillation: a trained teacher's class probabilities for every
 * training face, softened by a temperature and averaged over the face and its mirror image (the
 * teacher's flip-averaged prediction). The teacher, a single network or an ensemble, runs once before
 * training on the unaugmented faces; the student then sees augmented copies of each face with that
 * face's targets, since the augmentation keeps the expression. Computing them once costs two
 * teacher passes over the training set instead of one teacher pass per training step.
 */
public final class TeacherTargets {

  private final float[] probabilities;
  private final float temperature;
  private final double teacherAccuracy;
  private final String teacherSha256;
  private final Path teacherDir;

  private TeacherTargets(float[] probabilities, float temperature, double teacherAccuracy, String teacherSha256,
      Path teacherDir) {
    this.probabilities = probabilities;
    this.temperature = temperature;
    this.teacherAccuracy = teacherAccuracy;
    this.teacherSha256 = teacherSha256;
    this.teacherDir = teacherDir;
  }

  /** Runs the model in {@code teacherDir} over every face of {@code train} (and its mirror image). */
  public static TeacherTargets compute(Path teacherDir, ImageFolder train, float temperature) throws IOException {
    checkTemperature(temperature);
    float[] plain;
    float[] mirrored;
    String sha256;
    try (Model teacher = ModelDirectory.load(teacherDir)) {
      ParameterStore store = new ParameterStore(teacher.getNDManager(), false);
      UnaryOperator<NDList> forward = in -> teacher.getBlock().forward(store, in, false);
      plain = Validation.logits(forward, teacher.getNDManager(), train, false);
      mirrored = Validation.logits(forward, teacher.getNDManager(), train, true);
      sha256 = teacher.getProperty("sha256");
    }
    float[] probabilities = new float[train.size() * Labels.COUNT];
    double[] p = new double[Labels.COUNT];
    double[] q = new double[Labels.COUNT];
    for (int face = 0; face < train.size(); face++) {
      Validation.softmax(plain, face, temperature, p);
      Validation.softmax(mirrored, face, temperature, q);
      for (int c = 0; c < Labels.COUNT; c++) {
        probabilities[face * Labels.COUNT + c] = (float) ((p[c] + q[c]) / 2);
      }
    }
    // An empty folder records 0 rather than 0/0, which model.json cannot hold.
    double accuracy = train.size() == 0 ? 0
        : Validation.score(plain, mirrored, train.labels(), temperature).accuracyFlip();
    return new TeacherTargets(probabilities, temperature, accuracy, sha256, teacherDir);
  }

  /** Fails with what to pass instead unless {@code temperature} is positive. */
  public static void checkTemperature(float temperature) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("Cannot distil at temperature " + temperature
          + ": it must be positive (1 keeps the teacher's probabilities, 2-4 soften them)");
    }
  }

  /** Fails with what to pass instead unless {@code weight}, the teacher's share of a target, is in (0, 1]. */
  public static void checkWeight(float weight) {
    if (!(weight > 0 && weight <= 1)) {
      throw new IllegalArgumentException("Cannot set the distillation weight to " + weight
          + ": it must be in (0, 1] (the teacher's share of each target; 1 ignores the labels)");
    }
  }

  /**
   * Mixes the teacher's probabilities for {@code face} into the target row {@code row}:
   * {@code target = (1 - weight) * target + weight * teacher}.
   */
  public void mixInto(int face, float weight, float[] targets, int row) {
    for (int c = 0; c < Labels.COUNT; c++) {
      int k = row * Labels.COUNT + c;
      targets[k] = (1 - weight) * targets[k] + weight * probabilities[face * Labels.COUNT + c];
    }
  }

  /** The teacher's probability of class {@code c} for {@code face}. */
  public float probability(int face, int c) {
    return probabilities[face * Labels.COUNT + c];
  }

  public int size() {
    return probabilities.length / Labels.COUNT;
  }

  /** The teacher's flip-averaged accuracy on the faces it labeled (how far its targets agree with the labels). */
  public double teacherAccuracy() {
    return teacherAccuracy;
  }

  /** SHA-256 of the teacher's parameters. */
  public String teacherSha256() {
    return teacherSha256;
  }

  /** How the targets were made, as a model descriptor records it. */
  public Map<String, Object> describe(float weight) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("teacher", teacherDir.getFileName() == null ? teacherDir.toString() : teacherDir.getFileName().toString());
    map.put("teacher_sha256", teacherSha256);
    map.put("weight", weight);
    map.put("temperature", temperature);
    map.put("teacher_train_accuracy_flip_tta", teacherAccuracy);
    return map;
  }
}
