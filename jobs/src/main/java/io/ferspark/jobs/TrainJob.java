package io.ferspark.jobs;

import io.ferspark.model.MobileNetV1;
import io.ferspark.model.ModelDirectory;
import io.ferspark.training.Augmentation;
import io.ferspark.training.ImageFolder;
import io.ferspark.training.TeacherTargets;
import io.ferspark.training.TrainingLoop;
import io.ferspark.training.TrainingRecipe;
import io.ferspark.training.TrainingState;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains the MobileNet V1 expression classifier on an image-folder bucket and writes the best
 * model (by validation accuracy) as a model directory. Runs on the driver JVM with DJL; no
 * SparkSession is needed because the data set fits in memory.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train MobileNet V1 on <train>/<class>/*.jpg, validate on <val>, write the best model to <output>.")
public final class TrainJob implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

  @Option(names = "--train", required = true, description = "Training bucket: <dir>/<class>/<image>.")
  Path train;

  @Option(names = "--val", required = true, description = "Validation bucket, same layout; picks the best epoch.")
  Path val;

  @Option(names = "--output", required = true, description = "Model directory to write (best epoch).")
  Path output;

  @Option(names = "--checkpoints", description = "Checkpoint directory (default: <output>/checkpoints).")
  Path checkpoints;

  @Option(names = "--resume", description = "Continue the run in the checkpoint directory.")
  boolean resume;

  @Option(names = "--init", paramLabel = "<model-dir>",
      description = "Start a new run from this model directory's weights (same --width and strides) instead of random ones.")
  Path init;

  @Option(names = "--teacher", paramLabel = "<model-dir>",
      description = "Distil this trained model (a network or an ensemble) into the new one: its flip-averaged probabilities on the training faces join the labels as targets.")
  Path teacher;

  @Option(names = "--distill-weight", defaultValue = "0.5",
      description = "With --teacher: the teacher's share of each target, in (0, 1]; the label keeps the rest (default: ${DEFAULT-VALUE}).")
  float distillWeight;

  @Option(names = "--distill-temperature", defaultValue = "2",
      description = "With --teacher: softmax temperature of the teacher's probabilities; above 1 softens them (default: ${DEFAULT-VALUE}).")
  float distillTemperature;

  @Option(names = "--keep-epochs", description = "Also keep every epoch's model in <checkpoints>/epochs/NNN (for `average`).")
  boolean keepEpochs;

  @Option(names = "--epochs", defaultValue = "35", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "64", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.05", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  float momentum;

  @Option(names = "--weight-decay", defaultValue = "5e-4", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
  float weightDecay;

  @Option(names = "--warmup-epochs", defaultValue = "2", description = "Linear warm-up epochs before cosine decay (default: ${DEFAULT-VALUE}).")
  float warmupEpochs;

  @Option(names = "--cycle-epochs", defaultValue = "0",
      description = "Restart the cosine every N epochs, 0 = one cosine over the run; with --keep-epochs, average the cycle ends (default: ${DEFAULT-VALUE}).")
  int cycleEpochs;

  @Option(names = "--label-smoothing", defaultValue = "0.1", description = "Label smoothing (default: ${DEFAULT-VALUE}).")
  float labelSmoothing;

  @Option(names = "--mixup", defaultValue = "0", description = "Mixup Beta alpha, 0 = off (default: ${DEFAULT-VALUE}).")
  float mixupAlpha;

  @Option(names = "--class-weight-power", defaultValue = "0.3",
      description = "Class-imbalance loss weighting (N/(K*n_c))^p: 0 off, 0.5 sqrt, 1 balanced (default: ${DEFAULT-VALUE}).")
  float classWeightPower;

  @Option(names = "--width", defaultValue = "0.5", description = "MobileNet width multiplier (default: ${DEFAULT-VALUE}).")
  float width;

  @Option(names = "--stem-stride", defaultValue = "1",
      description = "Stride of the first convolution, 1 or 2; 1 keeps full 48x48 detail in the first layers (default: ${DEFAULT-VALUE}).")
  int stemStride;

  @Option(names = "--final-stride", defaultValue = "2",
      description = "Stride of the 12th block, 1 or 2 (default: ${DEFAULT-VALUE}).")
  int finalStride;

  @Option(names = "--dropout", defaultValue = "0.1", description = "Dropout before the classifier (default: ${DEFAULT-VALUE}).")
  float dropout;

  @Option(names = "--no-augment", description = "Train without augmentation.")
  boolean noAugment;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--limit", defaultValue = "0", description = "Read at most this many images per class, 0 = all (smoke runs).")
  int limit;

  @Option(names = "--name", defaultValue = "fer-mobilenet-v1", description = "Model name (default: ${DEFAULT-VALUE}).")
  String name;

  TrainingRecipe recipe() {
    MobileNetV1.Architecture arch = new MobileNetV1.Architecture(width, stemStride, finalStride, dropout);
    return new TrainingRecipe(arch, epochs, batchSize, learningRate, momentum, weightDecay, warmupEpochs,
        labelSmoothing, mixupAlpha, classWeightPower, cycleEpochs, noAugment ? Augmentation.NONE : Augmentation.DEFAULT, seed);
  }

  @Override
  public Integer call() throws Exception {
    TrainingState state = run(this);
    System.out.printf("Trained %s: %d epochs, best val accuracy %.2f%% at epoch %d, %.1f min; model in %s%n",
        name, state.epochsDone, 100 * state.bestValAccuracy, state.bestEpoch, state.trainingSeconds / 60, output);
    return 0;
  }

  public static TrainingState run(TrainJob options) throws Exception {
    TrainingRecipe recipe = options.recipe();
    Path checkpointDir = options.checkpoints != null ? options.checkpoints : options.output.resolve("checkpoints");
    // A bad --init fails before the buckets are read.
    TrainingLoop loop = new TrainingLoop(recipe, options.name).keepEpochs(options.keepEpochs).startFrom(options.init);
    if (options.teacher != null) {
      // A missing or unreadable teacher, or a bad weight or temperature, fails before the buckets are read.
      ModelDirectory.readDescriptor(options.teacher);
      TeacherTargets.checkWeight(options.distillWeight);
      TeacherTargets.checkTemperature(options.distillTemperature);
    }
    ImageFolder trainSet = ImageFolder.load(options.train, options.limit);
    ImageFolder valSet = ImageFolder.load(options.val, options.limit);
    if (options.teacher != null) {
      long start = System.nanoTime();
      TeacherTargets targets = TeacherTargets.compute(options.teacher, trainSet, options.distillTemperature);
      LOG.info(String.format("Teacher %s labeled %d training faces in %.0f s (flip-averaged accuracy %.2f%%)",
          options.teacher, targets.size(), (System.nanoTime() - start) / 1e9, 100 * targets.teacherAccuracy()));
      loop.distillFrom(targets, options.distillWeight);
    }
    return loop.run(trainSet, valSet, options.output, checkpointDir, options.resume);
  }

  public static void main(String[] args) {
    System.exit(JobCommandLine.execute(new TrainJob(), args));
  }
}
