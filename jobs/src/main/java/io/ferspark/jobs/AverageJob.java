package io.ferspark.jobs;

import ai.djl.Model;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.training.BatchNormStatistics;
import io.ferspark.training.ImageFolder;
import io.ferspark.training.Validation;
import io.ferspark.training.WeightAverage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Averages the weights of several model directories of one architecture (typically the last epochs
 * of a run kept with {@code train --keep-epochs}), recomputes the batch norm statistics on the
 * training bucket, measures the result on the validation bucket and writes it as a model directory.
 * Like training, it runs on the driver JVM with DJL and needs no SparkSession.
 */
@Command(name = "average", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Average the weights of <models>, recompute batch norm statistics on <train>, measure on <val>, write <output>.")
public final class AverageJob implements Callable<Integer> {

  @Option(names = "--models", required = true, arity = "1..*", split = ",",
      description = "Model directories to average (same architecture), space- or comma-separated.")
  List<Path> models;

  @Option(names = "--train", required = true, description = "Training bucket <dir>/<class>/<image>: batch norm statistics are computed on it.")
  Path train;

  @Option(names = "--val", required = true, description = "Validation bucket, same layout: the averaged model is measured on it.")
  Path val;

  @Option(names = "--output", required = true, description = "Model directory to write.")
  Path output;

  @Option(names = "--batch-size", defaultValue = "128",
      description = "Faces per forward pass while computing batch norm statistics (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--limit", defaultValue = "0", description = "Read at most this many images per class, 0 = all (smoke runs).")
  int limit;

  /** What the averaged model measured, with the descriptor that was written and those of its inputs. */
  public record Result(ModelDescriptor descriptor, Validation.Result validation, List<ModelDescriptor> inputs) {}

  @Override
  public Integer call() throws Exception {
    Result result = run(this);
    System.out.printf("Averaged %d model(s) into %s: val accuracy %.2f%% (flip-TTA %.2f%%), val loss %.4f%n",
        models.size(), output, 100 * result.validation().accuracy(), 100 * result.validation().accuracyFlip(),
        result.validation().loss());
    for (int i = 0; i < models.size(); i++) {
      ModelDescriptor input = result.inputs().get(i);
      System.out.printf("  %s: val accuracy %s (flip-TTA %s)%n", models.get(i), input.metricPercent("val_accuracy"),
          input.metricPercent("val_accuracy_flip_tta"));
    }
    return 0;
  }

  public static Result run(AverageJob options) throws Exception {
    JobPaths.requireNewOutput(options.output, options.models, "one of the --models");
    List<ModelDescriptor> inputs = options.models.stream().map(ModelDirectory::readDescriptor).toList();
    ModelDescriptor first = inputs.get(0);
    ImageFolder trainSet = ImageFolder.load(options.train, options.limit);
    ImageFolder valSet = ImageFolder.load(options.val, options.limit);
    try (Model model = WeightAverage.average(options.models)) {
      SequentialBlock net = (SequentialBlock) model.getBlock();
      BatchNormStatistics.recompute(net, trainSet, options.batchSize, model.getNDManager());
      ParameterStore store = new ParameterStore(model.getNDManager(), false);
      Validation.Result validation = Validation.measure(in -> net.forward(store, in, false), model.getNDManager(), valSet);

      ModelDescriptor descriptor = ModelDescriptor.of(first.name, first.architectureSpec());
      descriptor.tta = first.tta;
      descriptor.training = new LinkedHashMap<>(latest(inputs).training);
      List<Map<String, Object>> sources = new ArrayList<>();
      for (ModelDescriptor d : inputs) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("epoch", d.metrics.get("epoch"));
        source.put("params_sha256", d.paramsSha256);
        sources.add(source);
      }
      descriptor.training.put("weight_average_of", sources);
      descriptor.training.put("batch_norm_statistics", "recomputed on " + trainSet.size() + " unaugmented training faces");
      validation.recordIn(descriptor.metrics);
      ModelDirectory.save(options.output, net, descriptor);
      return new Result(descriptor, validation, inputs);
    }
  }

  /**
   * The input furthest into training (the most {@code epochs_done}; the first on a tie): the averaged
   * network carries its recipe, so the record counts the epochs and seconds of the whole run rather
   * than those up to the first epoch averaged.
   */
  static ModelDescriptor latest(List<ModelDescriptor> inputs) {
    return inputs.stream().max(Comparator.comparingDouble(AverageJob::epochsDone)).orElseThrow();
  }

  private static double epochsDone(ModelDescriptor d) {
    return d.training.get("epochs_done") instanceof Number n ? n.doubleValue() : -1;
  }

  public static void main(String[] args) {
    System.exit(JobCommandLine.execute(new AverageJob(), args));
  }
}
