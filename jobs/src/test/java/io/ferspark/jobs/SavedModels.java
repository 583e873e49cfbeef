package io.ferspark.jobs;

import ai.djl.Model;
import ai.djl.training.ParameterStore;
import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.training.ImageFolder;
import io.ferspark.training.Validation;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** What the model-writing jobs' tests check on a written model directory. */
final class SavedModels {

  private SavedModels() {}

  /** Loads (and so verifies) a model directory and measures it on {@code val}, as the jobs do. */
  static Validation.Result measure(Path modelDir, ImageFolder val) throws Exception {
    try (Model model = ModelDirectory.load(modelDir)) {
      ParameterStore store = new ParameterStore(model.getNDManager(), false);
      return Validation.measure(in -> model.getBlock().forward(store, in, false), model.getNDManager(), val);
    }
  }

  /** The parameters' SHA-256 of each input a descriptor records under {@code training.<key>}. */
  static List<Object> sourceDigests(ModelDescriptor written, String key) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sources = (List<Map<String, Object>>) written.training.get(key);
    return sources.stream().map(s -> s.get("params_sha256")).toList();
  }

  /** The SHA-256 recorded for each model directory's parameters. */
  static List<Object> digests(Path... modelDirs) {
    return Arrays.stream(modelDirs).map(d -> (Object) ModelDirectory.readDescriptor(d).paramsSha256).toList();
  }
}
