package io.ferspark.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.ferspark.image.Preprocessing;
import io.ferspark.labels.Labels;
import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.model.MobileNetV1;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains MobileNet V1 on an in-memory {@link ImageFolder} with DJL: shuffled mini-batches, augmented
 * on the fly, soft-label cross-entropy (label smoothing, mixup, class weights), SGD with momentum on
 * a warm-up + cosine schedule. After every epoch it evaluates on the validation folder, writes a
 * checkpoint and keeps the best model (by validation accuracy) in the output directory.
 */
public final class TrainingLoop {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
  private static final int PROGRESS_EVERY = 100;

  private final TrainingRecipe recipe;
  private final String modelName;
  private boolean keepEpochs;
  private Path initialWeights;
  private TeacherTargets teacher;
  private float distillWeight;

  public TrainingLoop(TrainingRecipe recipe, String modelName) {
    this.recipe = recipe;
    this.modelName = modelName;
  }

  /** Also keeps every epoch's model under {@code <checkpoints>/epochs/NNN}, e.g. to average the last ones. */
  public TrainingLoop keepEpochs(boolean keep) {
    this.keepEpochs = keep;
    return this;
  }

  /**
   * Starts a new run from the parameters of a model directory of the same network shape instead of
   * random ones (a new schedule over trained weights); a resumed run ignores it.
   */
  public TrainingLoop startFrom(Path modelDir) {
    if (modelDir != null) {
      ModelDescriptor start = ModelDirectory.readDescriptor(modelDir);
      MobileNetV1.Architecture shape = start.architectureSpec();
      MobileNetV1.Architecture wanted = recipe.architecture();
      if (shape.width() != wanted.width() || shape.stemStride() != wanted.stemStride()
          || shape.finalStride() != wanted.finalStride()) {
        throw new IllegalArgumentException("Cannot start from " + modelDir + ": its network (" + shape
            + ") differs from the recipe's (" + wanted + "); pass the same --width, --stem-stride and --final-stride");
      }
      LOG.info("A new run will start from the weights of {} (epoch {}, val accuracy {})", modelDir,
          start.metrics.get("epoch"), start.metrics.get("val_accuracy"));
    }
    this.initialWeights = modelDir;
    return this;
  }

  /**
   * Distils a teacher into the network: each face's target becomes {@code (1 - weight)} times its
   * (smoothed) label plus {@code weight} times the teacher's probabilities for that face. The
   * targets must have been computed on the training folder this loop runs on.
   */
  public TrainingLoop distillFrom(TeacherTargets targets, float weight) {
    TeacherTargets.checkWeight(weight);
    this.teacher = targets;
    this.distillWeight = weight;
    return this;
  }

  /**
   * Runs until {@code recipe.epochs()} are done. With {@code resume} it continues from the last
   * checkpoint under {@code checkpointDir}; otherwise that directory must not hold a run already.
   */
  public TrainingState run(ImageFolder train, ImageFolder val, Path outputDir, Path checkpointDir, boolean resume)
      throws IOException {
    Path lastDir = checkpointDir.resolve("last");
    String teacherSha256 = teacher == null ? null : teacher.teacherSha256();
    TrainingState state;
    if (resume && Files.isRegularFile(checkpointDir.resolve(TrainingState.FILE))) {
      state = TrainingState.read(checkpointDir);
      LOG.info("Resuming from {} after epoch {} (best val accuracy {} at epoch {})", checkpointDir,
          state.epochsDone, pct(state.bestValAccuracy), state.bestEpoch);
    } else if (!resume && Files.isRegularFile(checkpointDir.resolve(TrainingState.FILE))) {
      throw new IllegalArgumentException("Checkpoint directory " + checkpointDir
          + " already holds a run: pass --resume to continue it, or choose another --output/--checkpoints");
    } else {
      state = new TrainingState();
      state.teacherSha256 = teacherSha256;
    }
    if (!Objects.equals(state.teacherSha256, teacherSha256)) {
      throw new IllegalArgumentException("The run in " + checkpointDir + (state.teacherSha256 == null
          ? " was trained without a teacher: resume it without --teacher"
          : " was distilled from the teacher with parameters SHA-256 " + state.teacherSha256
              + ": resume it with that --teacher and the same --distill-weight and --distill-temperature"));
    }
    if (teacher != null && teacher.size() != train.size()) {
      throw new IllegalArgumentException("The teacher's targets cover " + teacher.size() + " faces but the training folder has "
          + train.size() + ": compute them on the same folder");
    }
    Files.createDirectories(lastDir);
    Engine.getInstance().setRandomSeed((int) recipe.seed());

    int updatesPerEpoch = train.size() / recipe.batchSize();
    int totalUpdates = updatesPerEpoch * recipe.epochs();
    float[] classWeights = classWeights(train.classCounts(), recipe.classWeightPower());
    LOG.info("Training {} on {} images ({} batches of {} per epoch), validating on {}; class weights {}",
        modelName, train.size(), updatesPerEpoch, recipe.batchSize(), val.size(), java.util.Arrays.toString(classWeights));

    Block block = MobileNetV1.build(recipe.architecture(), Labels.COUNT);
    Tracker schedule = update -> recipe.learningRateAt(update, totalUpdates, updatesPerEpoch);
    Optimizer sgd = Optimizer.sgd()
        .setLearningRateTracker(schedule)
        .optMomentum(recipe.momentum())
        .optWeightDecays(recipe.weightDecay())
        .optBeginNumUpdate(state.updatesDone)
        .build();
    Shape inputShape = new Shape(recipe.batchSize(), 1, Preprocessing.SIZE, Preprocessing.SIZE);
    try (Model model = Model.newInstance(modelName)) {
      // Parameters must be in place before the trainer starts: it keeps the arrays it sees first,
      // and it leaves already-initialised parameters alone (it only attaches their gradients).
      if (state.epochsDone > 0) {
        loadParameters(block, model, inputShape, lastDir);
      } else if (initialWeights != null) {
        loadParameters(block, model, inputShape, initialWeights);
      }
      model.setBlock(block);
      DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(sgd);
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(inputShape);
        for (int epoch = state.epochsDone + 1; epoch <= recipe.epochs(); epoch++) {
          TrainingState.EpochResult result = epoch(trainer, train, val, classWeights, epoch, state, totalUpdates, updatesPerEpoch);
          state.history.add(result);
          state.epochsDone = epoch;
          state.updatesDone += updatesPerEpoch;
          state.trainingSeconds += result.seconds();
          boolean best = result.valAccuracy() > state.bestValAccuracy;
          if (best) {
            state.bestValAccuracy = result.valAccuracy();
            state.bestEpoch = epoch;
            ModelDirectory.save(outputDir, block, descriptor(state, result));
          }
          ModelDirectory.save(lastDir, block, descriptor(state, result));
          if (keepEpochs) {
            ModelDirectory.save(checkpointDir.resolve("epochs").resolve(String.format("%03d", epoch)), block,
                descriptor(state, result));
          }
          state.write(checkpointDir);
          LOG.info(String.format(
              "Epoch %d/%d: train loss %.4f acc %s | val loss %.4f acc %s (flip-TTA %s) | best %s @%d%s | lr %.5f | %.0f img/s | %s epoch, %s total",
              epoch, recipe.epochs(), result.trainLoss(), pct(result.trainAccuracy()), result.valLoss(),
              pct(result.valAccuracy()), pct(result.valAccuracyFlip()), pct(state.bestValAccuracy), state.bestEpoch,
              best ? " (saved)" : "", result.learningRate(), result.imagesPerSecond(), duration(result.seconds()),
              duration(state.trainingSeconds)));
        }
      }
    }
    return state;
  }

  private static void loadParameters(Block block, Model model, Shape inputShape, Path modelDir) throws IOException {
    block.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, inputShape);
    ModelDescriptor descriptor = ModelDirectory.readDescriptor(modelDir);
    descriptor.architectureSpec(); // an ensemble cannot be trained on as one network
    ModelDirectory.readParameters(block, model.getNDManager(), ModelDirectory.verifiedParams(modelDir, descriptor).get(0));
  }

  private TrainingState.EpochResult epoch(Trainer trainer, ImageFolder train, ImageFolder val, float[] classWeights,
      int epoch, TrainingState state, int totalUpdates, int updatesPerEpoch) {
    // Each epoch has its own generator, so a resumed run sees the same batches as an uninterrupted one.
    Random random = new Random(recipe.seed() * 1_000_003L + epoch);
    int[] order = shuffled(train.size(), random);
    int b = recipe.batchSize();
    float[] face = new float[Preprocessing.PIXELS];
    float[] inputs = new float[b * Preprocessing.PIXELS];
    float[] targets = new float[b * Labels.COUNT];
    float[] weights = new float[b];
    int[] labels = new int[b];
    double lossSum = 0;
    long correct = 0;
    long seen = 0;
    long start = System.nanoTime();
    for (int batch = 0; batch < updatesPerEpoch; batch++) {
      for (int i = 0; i < b; i++) {
        int index = order[batch * b + i];
        train.copyFace(index, face, 0);
        recipe.augmentation().apply(face, inputs, i * Preprocessing.PIXELS, random);
        labels[i] = train.label(index);
        softTarget(labels[i], targets, i);
        if (teacher != null) {
          teacher.mixInto(index, distillWeight, targets, i);
        }
        weights[i] = classWeights[labels[i]];
      }
      if (recipe.mixupAlpha() > 0) {
        Mixup.apply(inputs, targets, weights, b, (float) Mixup.sampleBeta(recipe.mixupAlpha(), random), random);
      }
      try (NDManager manager = trainer.getManager().newSubManager()) {
        NDArray x = manager.create(inputs, new Shape(b, 1, Preprocessing.SIZE, Preprocessing.SIZE));
        NDArray y = manager.create(targets, new Shape(b, Labels.COUNT));
        NDArray w = manager.create(weights, new Shape(b));
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
          NDArray loss = logits.logSoftmax(1).mul(y).sum(new int[] {1}).neg().mul(w).mean();
          collector.backward(loss);
          lossSum += loss.getFloat() * b;
          int[] predicted = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
          for (int i = 0; i < b; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
          }
        }
        trainer.step();
      }
      seen += b;
      if ((batch + 1) % PROGRESS_EVERY == 0) {
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info(String.format("Epoch %d: batch %d/%d, loss %.4f, acc %s, %.0f img/s", epoch, batch + 1,
            updatesPerEpoch, lossSum / seen, pct((double) correct / seen), seen / seconds));
      }
    }
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    Validation.Result eval = Validation.measure(trainer::evaluate, trainer.getManager(), val);
    double seconds = (System.nanoTime() - start) / 1e9;
    float lr = recipe.learningRateAt(state.updatesDone + updatesPerEpoch - 1, totalUpdates, updatesPerEpoch);
    return new TrainingState.EpochResult(epoch, lr, lossSum / seen, (double) correct / seen, eval.loss(),
        eval.accuracy(), eval.accuracyFlip(), seen / trainSeconds, seconds);
  }

  private ModelDescriptor descriptor(TrainingState state, TrainingState.EpochResult result) {
    ModelDescriptor d = ModelDescriptor.of(modelName, recipe.architecture());
    d.training.putAll(recipe.describe());
    if (teacher != null) {
      d.training.put("distillation", teacher.describe(distillWeight));
    }
    d.training.put("epochs_done", state.epochsDone);
    d.training.put("training_seconds", Math.round(state.trainingSeconds));
    d.metrics.put("epoch", result.epoch());
    d.metrics.put("val_accuracy", result.valAccuracy());
    d.metrics.put("val_accuracy_flip_tta", result.valAccuracyFlip());
    d.metrics.put("val_loss", result.valLoss());
    return d;
  }

  private void softTarget(int label, float[] targets, int row) {
    float off = recipe.labelSmoothing() / Labels.COUNT;
    for (int c = 0; c < Labels.COUNT; c++) {
      targets[row * Labels.COUNT + c] = c == label ? 1 - recipe.labelSmoothing() + off : off;
    }
  }

  /** Per-class loss weights (N / (K n_c))^power, scaled so the mean weight over the training set is 1. */
  static float[] classWeights(int[] counts, float power) {
    long total = 0;
    for (int n : counts) {
      total += n;
    }
    double[] raw = new double[counts.length];
    double weighted = 0;
    for (int c = 0; c < counts.length; c++) {
      raw[c] = counts[c] == 0 ? 0 : Math.pow((double) total / (counts.length * counts[c]), power);
      weighted += raw[c] * counts[c];
    }
    float[] weights = new float[counts.length];
    for (int c = 0; c < counts.length; c++) {
      weights[c] = (float) (raw[c] * total / weighted);
    }
    return weights;
  }

  private static int[] shuffled(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  static String pct(double fraction) {
    return fraction < 0 ? "n/a" : String.format("%.2f%%", 100 * fraction);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60) : String.format("%dm%02ds", s / 60, s % 60);
  }
}
