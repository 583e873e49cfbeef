package io.ferspark.jobs;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import io.ferspark.image.TestTimeAugmentation;
import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.training.ImageFolder;
import io.ferspark.training.TemperatureScaling;
import io.ferspark.training.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fits the softmax temperature of a trained model on held-out faces ({@link TemperatureScaling}) and
 * writes a copy of the model directory that uses it: the same parameters, so the same predicted
 * classes, with confidences that match how often they are right. Runs on the driver JVM with DJL
 * and needs no SparkSession.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Fit <model>'s softmax temperature on <val> and write <output>: same parameters, calibrated confidences.")
public final class CalibrateJob implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Trained model directory.")
  Path model;

  @Option(names = "--val", required = true,
      description = "Held-out bucket <dir>/<class>/<image> to fit on (not the training data: the network fits that too well).")
  Path val;

  @Option(names = "--output", required = true, description = "Model directory to write.")
  Path output;

  @Option(names = "--limit", defaultValue = "0", description = "Read at most this many images per class, 0 = all (smoke runs).")
  int limit;

  /** The fit, the descriptor written and what the model measures at the fitted temperature. */
  public record Result(TemperatureScaling.Fit fit, ModelDescriptor descriptor, Validation.Result validation) {}

  @Override
  public Integer call() throws Exception {
    Result result = run(this);
    TemperatureScaling.Fit fit = result.fit();
    System.out.printf("Calibrated %s into %s: temperature %.3f; on %s (tta %s) cross-entropy %.4f -> %.4f, "
            + "expected calibration error %.4f -> %.4f; val accuracy %.2f%% (flip-TTA %.2f%%)%n",
        model, output, fit.temperature(), val, result.descriptor().tta, fit.nllBefore(), fit.nllAfter(),
        fit.eceBefore(), fit.eceAfter(), 100 * result.validation().accuracy(), 100 * result.validation().accuracyFlip());
    return 0;
  }

  public static Result run(CalibrateJob options) throws Exception {
    JobPaths.requireNewOutput(options.output, List.of(options.model), "the --model");
    ModelDescriptor descriptor = ModelDirectory.readDescriptor(options.model);
    ImageFolder valSet = ImageFolder.load(options.val, options.limit);
    float[] plain;
    float[] mirrored;
    // load verifies the parameters' SHA-256, so the file copied below is the one measured.
    try (Model loaded = ModelDirectory.load(options.model)) {
      ParameterStore store = new ParameterStore(loaded.getNDManager(), false);
      UnaryOperator<NDList> forward = in -> loaded.getBlock().forward(store, in, false);
      plain = Validation.logits(forward, loaded.getNDManager(), valSet, false);
      mirrored = Validation.logits(forward, loaded.getNDManager(), valSet, true);
    }
    // Fit the probabilities inference reports: with flip averaging, the mean of the two softmax outputs.
    // shift-flip is fitted on its centre pair (face and mirror) too: the shifted views are near copies.
    int[] labels = valSet.labels();
    boolean averaged = descriptor.testTimeAugmentation() != TestTimeAugmentation.NONE;
    TemperatureScaling.Fit fit = TemperatureScaling.fit(plain, averaged ? mirrored : null, labels);
    Validation.Result validation = Validation.score(plain, mirrored, labels, fit.temperature());

    descriptor.temperature = fit.temperature();
    Map<String, Object> calibration = new LinkedHashMap<>();
    calibration.put("method", "temperature scaling");
    calibration.put("faces", labels.length);
    calibration.put("tta", descriptor.tta);
    calibration.put("nll_before", fit.nllBefore());
    calibration.put("nll_after", fit.nllAfter());
    calibration.put("ece_before", fit.eceBefore());
    calibration.put("ece_after", fit.eceAfter());
    descriptor.training.put("calibration", calibration);
    validation.recordIn(descriptor.metrics);
    // Averages over more views shift with the temperature and are not re-measured here.
    descriptor.metrics.remove(TestTimeAugmentation.SHIFT_FLIP.accuracyMetric());
    Files.createDirectories(options.output);
    for (ModelDescriptor.ParamsFile part : descriptor.paramsFiles()) {
      Files.copy(options.model.resolve(part.file()), options.output.resolve(part.file()), StandardCopyOption.REPLACE_EXISTING);
    }
    ModelDirectory.writeDescriptor(options.output, descriptor);
    ModelDirectory.verifiedParams(options.output, ModelDirectory.readDescriptor(options.output));
    return new Result(fit, descriptor, validation);
  }

  public static void main(String[] args) {
    System.exit(JobCommandLine.execute(new CalibrateJob(), args));
  }
}
