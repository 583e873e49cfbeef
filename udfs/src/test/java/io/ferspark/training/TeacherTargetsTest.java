package io.ferspark.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.training.ParameterStore;
import io.ferspark.labels.Labels;
import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeacherTargetsTest {

  @TempDir static Path tmp;
  static ImageFolder faces;
  /** A teacher trained on the faces with every class renamed to the next one: it disagrees with every label. */
  static Path shiftedTeacher;

  @BeforeAll
  static void teacher() throws Exception {
    faces = ImageFolder.load(SyntheticBucket.write(tmp.resolve("bucket"), 8, 7), 0);
    Path shifted = tmp.resolve("shifted");
    Path written = SyntheticBucket.write(tmp.resolve("shifted-src"), 8, 7);
    for (int c = 0; c < Labels.COUNT; c++) {
      Files.createDirectories(shifted);
      Files.move(written.resolve(Labels.name(c)), shifted.resolve(Labels.name((c + 1) % Labels.COUNT)));
    }
    ImageFolder shiftedFaces = ImageFolder.load(shifted, 0);
    shiftedTeacher = tmp.resolve("teacher");
    TrainingState state = new TrainingLoop(recipe(12), "teacher").run(shiftedFaces, shiftedFaces, shiftedTeacher,
        shiftedTeacher.resolve("checkpoints"), false);
    assertTrue(state.bestValAccuracy >= 0.9, "the teacher should fit its shifted labels, got " + state.bestValAccuracy);
  }

  private static TrainingRecipe recipe(int epochs) {
    return new TrainingRecipe(TestData.TINY, epochs, 8, 0.05f, 0.9f, 0f, 0f, 0f, 0f, 0f, 0, Augmentation.NONE, 11);
  }

  @Test
  void targetsAreTheTeachersFlipAveragedProbabilitiesSoftenedByTheTemperature() throws Exception {
    TeacherTargets sharp = TeacherTargets.compute(shiftedTeacher, faces, 1f);
    TeacherTargets soft = TeacherTargets.compute(shiftedTeacher, faces, 4f);
    assertEquals(faces.size(), sharp.size());

    // The same accuracy as validation's flip averaging of this teacher on these faces: nearly 0, as
    // its classes are shifted by one.
    Validation.Result measured;
    try (Model model = ModelDirectory.load(shiftedTeacher)) {
      ParameterStore store = new ParameterStore(model.getNDManager(), false);
      measured = Validation.measure(in -> model.getBlock().forward(store, in, false), model.getNDManager(), faces);
    }
    assertEquals(measured.accuracyFlip(), sharp.teacherAccuracy(), 1e-9);
    assertTrue(sharp.teacherAccuracy() <= 0.1, "the shifted teacher should disagree with the labels: " + sharp.teacherAccuracy());

    double sharpTop = 0;
    double softTop = 0;
    int agreesWithShift = 0;
    for (int face = 0; face < faces.size(); face++) {
      double sum = 0;
      int best = 0;
      double top = 0;
      for (int c = 0; c < Labels.COUNT; c++) {
        sum += sharp.probability(face, c);
        best = sharp.probability(face, c) > sharp.probability(face, best) ? c : best;
        top = Math.max(top, soft.probability(face, c));
      }
      assertEquals(1.0, sum, 1e-5);
      agreesWithShift += best == (faces.label(face) + 1) % Labels.COUNT ? 1 : 0;
      sharpTop += sharp.probability(face, best);
      softTop += top;
    }
    assertTrue(agreesWithShift >= 0.9 * faces.size(), agreesWithShift + " of " + faces.size() + " follow the shift");
    assertTrue(softTop < sharpTop, "a higher temperature flattens the targets: top " + softTop + " vs " + sharpTop);
  }

  @Test
  void mixesTheTeacherIntoATargetRowByItsWeight() throws Exception {
    TeacherTargets targets = TeacherTargets.compute(shiftedTeacher, faces, 2f);
    float[] rows = new float[2 * Labels.COUNT];
    rows[Labels.COUNT + 3] = 1f;
    targets.mixInto(5, 0.25f, rows, 1);
    for (int c = 0; c < Labels.COUNT; c++) {
      assertEquals(0f, rows[c], 0f, "other rows are left alone");
      float label = c == 3 ? 1f : 0f;
      assertEquals(0.75f * label + 0.25f * targets.probability(5, c), rows[Labels.COUNT + c], 1e-6f);
    }
  }

  @Test
  void aStudentTaughtOnlyByTheTeacherLearnsItsAnswersNotTheLabels() throws Exception {
    TeacherTargets targets = TeacherTargets.compute(shiftedTeacher, faces, 1f);
    Path out = tmp.resolve("student");
    TrainingState state = new TrainingLoop(recipe(12), "student").distillFrom(targets, 1f)
        .run(faces, faces, out, out.resolve("checkpoints"), false);
    // Validation scores against the folder's labels, which the teacher contradicts everywhere.
    assertTrue(state.history.get(state.history.size() - 1).valAccuracy() <= 0.2,
        "the student should follow the shifted teacher, yet matches the labels at " + state.history);

    ModelDescriptor student = ModelDirectory.readDescriptor(out);
    @SuppressWarnings("unchecked")
    Map<String, Object> distillation = (Map<String, Object>) student.training.get("distillation");
    assertEquals(ModelDirectory.readDescriptor(shiftedTeacher).paramsSha256, distillation.get("teacher_sha256"));
    assertEquals(1.0, ((Number) distillation.get("weight")).doubleValue(), 1e-9);

    // Resuming without the teacher would silently change the targets half way: refused.
    IllegalArgumentException undistilled = assertThrows(IllegalArgumentException.class,
        () -> new TrainingLoop(recipe(13), "student").run(faces, faces, out, out.resolve("checkpoints"), true));
    assertTrue(undistilled.getMessage().contains("--teacher"), undistilled.getMessage());
  }

  @Test
  void refusesBadSettingsAndTargetsOfAnotherFolder() throws Exception {
    TeacherTargets targets = TeacherTargets.compute(shiftedTeacher, faces, 2f);
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> new TrainingLoop(recipe(1), "x").distillFrom(targets, 0f));
    assertTrue(zero.getMessage().contains("(0, 1]"), zero.getMessage());
    IllegalArgumentException cold = assertThrows(IllegalArgumentException.class,
        () -> TeacherTargets.compute(shiftedTeacher, faces, 0f));
    assertTrue(cold.getMessage().contains("positive"), cold.getMessage());

    ImageFolder fewer = ImageFolder.load(SyntheticBucket.write(tmp.resolve("fewer"), 2, 3), 0);
    Path out = tmp.resolve("mismatch");
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
        () -> new TrainingLoop(recipe(1), "x").distillFrom(targets, 0.5f).run(fewer, fewer, out, out.resolve("c"), false));
    assertTrue(mismatch.getMessage().contains("same folder"), mismatch.getMessage());

    Path plain = tmp.resolve("plain");
    new TrainingLoop(recipe(1), "plain").run(faces, faces, plain, plain.resolve("c"), false);
    IllegalArgumentException added = assertThrows(IllegalArgumentException.class,
        () -> new TrainingLoop(recipe(2), "plain").distillFrom(targets, 0.5f).run(faces, faces, plain, plain.resolve("c"), true));
    assertTrue(added.getMessage().contains("without --teacher"), added.getMessage());
  }
}
