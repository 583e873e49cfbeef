package io.ferspark.training;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Progress of a run, saved beside the last checkpoint so {@code --resume} continues where it stopped. */
public final class TrainingState {

  static final String FILE = "state.json";
  private static final Gson GSON = new GsonBuilder()
      .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
      .setPrettyPrinting()
      .create();

  /** One line of the training log. */
  public record EpochResult(
      int epoch, float learningRate, double trainLoss, double trainAccuracy, double valLoss,
      double valAccuracy, double valAccuracyFlip, double imagesPerSecond, double seconds) {}

  public int epochsDone;
  public int updatesDone;
  public double bestValAccuracy = -1;
  public int bestEpoch;
  public double trainingSeconds;
  /** SHA-256 of the distillation teacher's parameters, null for a run without one: a resumed run needs the same. */
  public String teacherSha256;
  public List<EpochResult> history = new ArrayList<>();

  static TrainingState read(Path dir) throws IOException {
    return GSON.fromJson(Files.readString(dir.resolve(FILE), StandardCharsets.UTF_8), TrainingState.class);
  }

  void write(Path dir) throws IOException {
    Path tmp = dir.resolve(FILE + ".tmp");
    Files.writeString(tmp, GSON.toJson(this), StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
