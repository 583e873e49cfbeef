package io.ferspark.jobs;

import ai.djl.Model;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.ferspark.model.MobileNetV1;
import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.training.ImageFolder;
import io.ferspark.training.NetworkWidening;
import io.ferspark.training.Validation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Widens a trained model directory to a larger width multiplier with the same function
 * ({@link NetworkWidening}), measures it on the validation bucket and writes it, ready for
 * {@code train --init <output> --width <w>}: a wider network that starts where the narrow one ended.
 * Runs on the driver JVM with DJL and needs no SparkSession.
 */
@Command(name = "widen", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Widen <model> to --width with the same predictions, measure on <val>, write <output>.")
public final class WidenJob implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Trained model directory to widen.")
  Path model;

  @Option(names = "--width", required = true, description = "New width multiplier, at least the model's.")
  float width;

  @Option(names = "--val", required = true, description = "Validation bucket <dir>/<class>/<image>: the widened model is measured on it.")
  Path val;

  @Option(names = "--output", required = true, description = "Model directory to write.")
  Path output;

  @Option(names = "--noise", defaultValue = "0.02",
      description = "Noise on the copied filters, relative to each layer's weight spread, so training can tell copies apart (default: ${DEFAULT-VALUE}).")
  float noise;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed for which channels are copied and the noise (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--limit", defaultValue = "0", description = "Read at most this many images per class, 0 = all (smoke runs).")
  int limit;

  /** What the widened model measured, with the descriptor written and the input's. */
  public record Result(ModelDescriptor descriptor, Validation.Result validation, ModelDescriptor input) {}

  @Override
  public Integer call() throws Exception {
    Result result = run(this);
    System.out.printf("Widened %s (width %s, val accuracy %s) to width %s in %s: val accuracy %.2f%% (flip-TTA %.2f%%), "
            + "val loss %.4f, %,d multiply-adds per face%n",
        model, result.input().width, result.input().metricPercent("val_accuracy"), width, output,
        100 * result.validation().accuracy(), 100 * result.validation().accuracyFlip(), result.validation().loss(),
        result.descriptor().multiplyAdds);
    return 0;
  }

  public static Result run(WidenJob options) throws Exception {
    JobPaths.requireNewOutput(options.output, List.of(options.model), "the --model");
    ModelDescriptor input = ModelDirectory.readDescriptor(options.model);
    MobileNetV1.Architecture from = input.architectureSpec();
    MobileNetV1.Architecture to = new MobileNetV1.Architecture(options.width, from.stemStride(), from.finalStride(), from.dropout());
    ImageFolder valSet = ImageFolder.load(options.val, options.limit);
    try (Model narrow = ModelDirectory.load(options.model);
        Model wide = NetworkWidening.widen(narrow, from, to, options.noise, options.seed)) {
      SequentialBlock net = (SequentialBlock) wide.getBlock();
      ParameterStore store = new ParameterStore(wide.getNDManager(), false);
      Validation.Result validation = Validation.measure(in -> net.forward(store, in, false), wide.getNDManager(), valSet);

      ModelDescriptor descriptor = ModelDescriptor.of(input.name, to);
      descriptor.tta = input.tta;
      descriptor.training = new LinkedHashMap<>(input.training);
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("width", input.width);
      source.put("epoch", input.metrics.get("epoch"));
      source.put("params_sha256", input.paramsSha256);
      source.put("noise", options.noise);
      source.put("seed", options.seed);
      descriptor.training.put("widened_from", source);
      descriptor.metrics.put("epoch", input.metrics.get("epoch"));
      validation.recordIn(descriptor.metrics);
      ModelDirectory.save(options.output, net, descriptor);
      return new Result(descriptor, validation, input);
    }
  }

  public static void main(String[] args) {
    System.exit(JobCommandLine.execute(new WidenJob(), args));
  }
}
