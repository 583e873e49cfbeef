package io.ferspark.jobs;

import ai.djl.Model;
import ai.djl.training.ParameterStore;
import io.ferspark.image.TestTimeAugmentation;
import io.ferspark.model.Ensemble;
import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.training.ImageFolder;
import io.ferspark.training.Validation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Joins several trained model directories into one {@link Ensemble} model directory whose
 * predictions average the members' logits, measures it on the validation bucket and writes it. The
 * result loads and labels like any model directory, at one forward pass per member. Runs on the
 * driver JVM with DJL and needs no SparkSession.
 */
@Command(name = "ensemble", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Join the trained networks of <models> into one model that averages their logits, measure on <val>, write <output>.")
public final class EnsembleJob implements Callable<Integer> {

  @Option(names = "--models", required = true, arity = "1..*", split = ",",
      description = "Trained model directories, space- or comma-separated: single networks of any width, or ensembles, which join as their networks.")
  List<Path> models;

  @Option(names = "--val", required = true, description = "Validation bucket <dir>/<class>/<image>: the ensemble is measured on it.")
  Path val;

  @Option(names = "--output", required = true, description = "Model directory to write.")
  Path output;

  @Option(names = "--name", description = "Model name (default: the first model's).")
  String name;

  @Option(names = "--tta", description = "Test-time augmentation inference uses: none, flip or shift-flip (default: the first model's).")
  String tta;

  @Option(names = "--limit", defaultValue = "0", description = "Read at most this many images per class, 0 = all (smoke runs).")
  int limit;

  /** What the ensemble measured, with the descriptor written and those of its members. */
  public record Result(ModelDescriptor descriptor, Validation.Result validation, List<ModelDescriptor> members) {}

  @Override
  public Integer call() throws Exception {
    Result result = run(this);
    System.out.printf("Joined %d networks into %s: val accuracy %.2f%% (flip-TTA %.2f%%), val loss %.4f, %,d multiply-adds per face%n",
        result.descriptor().architectures().size(), output, 100 * result.validation().accuracy(), 100 * result.validation().accuracyFlip(),
        result.validation().loss(), result.descriptor().multiplyAdds);
    for (int i = 0; i < models.size(); i++) {
      ModelDescriptor member = result.members().get(i);
      String shape = member.isEnsemble() ? "ensemble of " + member.architectures().size() : "width " + member.width;
      System.out.printf("  %s (%s): val accuracy %s (flip-TTA %s)%n", models.get(i), shape,
          member.metricPercent("val_accuracy"), member.metricPercent("val_accuracy_flip_tta"));
    }
    return 0;
  }

  public static Result run(EnsembleJob options) throws Exception {
    JobPaths.requireNewOutput(options.output, options.models, "one of the --models");
    if (options.models.size() < 2) {
      throw new IllegalArgumentException("Cannot build an ensemble from " + options.models.size()
          + " model: pass at least two directories to --models");
    }
    List<ModelDescriptor> members = options.models.stream().map(ModelDirectory::readDescriptor).toList();
    ModelDescriptor first = members.get(0);
    String tta = options.tta != null ? TestTimeAugmentation.of(options.tta).toString() : first.tta;
    ImageFolder valSet = ImageFolder.load(options.val, options.limit);
    try (Model model = Ensemble.fromMembers(options.name != null ? options.name : first.name, options.models)) {
      ParameterStore store = new ParameterStore(model.getNDManager(), false);
      Validation.Result validation =
          Validation.measure(in -> model.getBlock().forward(store, in, false), model.getNDManager(), valSet);

      ModelDescriptor descriptor = ModelDescriptor.ofEnsemble(model.getName(), Ensemble.networks(members));
      descriptor.tta = tta;
      descriptor.training.put("ensemble_of", sources(members));
      validation.recordIn(descriptor.metrics);
      ModelDirectory.save(options.output, model.getBlock(), descriptor);
      return new Result(descriptor, validation, members);
    }
  }

  /**
   * One provenance record per network, in the order of {@code members} in the written descriptor:
   * an ensemble given as a member contributes its own records rather than one nested record, so
   * joining an ensemble with another network lists every network it holds side by side.
   */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> sources(List<ModelDescriptor> members) {
    List<Map<String, Object>> sources = new ArrayList<>();
    for (ModelDescriptor member : members) {
      if (member.isEnsemble() && member.training.get("ensemble_of") instanceof List<?> nested
          && nested.size() == member.architectures().size()) {
        sources.addAll((List<Map<String, Object>>) nested);
        continue;
      }
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("params_sha256", member.paramsSha256);
      source.put("metrics", member.metrics);
      source.put("training", member.training);
      sources.add(source);
    }
    return sources;
  }

  public static void main(String[] args) {
    System.exit(JobCommandLine.execute(new EnsembleJob(), args));
  }
}
