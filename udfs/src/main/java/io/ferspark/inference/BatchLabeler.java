package io.ferspark.inference;

import io.ferspark.image.GrayImage;
import io.ferspark.image.ImageDecodeException;
import io.ferspark.image.ImageDecoder;
import io.ferspark.image.Preprocessing;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams files to labeled rows: each file is decoded and preprocessed as soon as it arrives (so a
 * pending face costs 9 KB, not its file), faces are grouped into batches of {@code batchSize} for
 * one forward pass each, and files that cannot be read or decoded become error rows at once. Exactly
 * one output per input; memory stays constant whatever the number of files.
 */
public final class BatchLabeler implements Iterator<LabeledFile> {

  private final Iterator<ImageFile> files;
  private final ImageDecoder decoder;
  private final ExpressionPredictor predictor;
  private final int batchSize;
  private final ArrayDeque<LabeledFile> ready = new ArrayDeque<>();
  private final List<LabeledFile> pendingFiles = new ArrayList<>();
  private final List<float[]> pendingInputs = new ArrayList<>();

  public BatchLabeler(Iterator<ImageFile> files, ImageDecoder decoder, ExpressionPredictor predictor, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("Cannot set batch size to " + batchSize + ": it must be at least 1");
    }
    this.files = files;
    this.decoder = decoder;
    this.predictor = predictor;
    this.batchSize = batchSize;
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && (files.hasNext() || !pendingInputs.isEmpty())) {
      if (files.hasNext()) {
        accept(files.next());
        if (pendingInputs.size() == batchSize) {
          flush();
        }
      } else {
        flush();
      }
    }
    return !ready.isEmpty();
  }

  @Override
  public LabeledFile next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  /** Decodes and preprocesses one file, or turns it into an error row. */
  private void accept(ImageFile file) {
    if (file.error() != null) {
      ready.add(new LabeledFile(file.path(), file.size(), null, null, null, file.error()));
      return;
    }
    GrayImage image;
    try {
      image = decoder.decode(file.content());
    } catch (ImageDecodeException e) {
      ready.add(new LabeledFile(file.path(), file.size(), null, null, null, e.reason() + ": " + e.getMessage()));
      return;
    }
    pendingFiles.add(new LabeledFile(file.path(), file.size(), image.width(), image.height(), null, null));
    pendingInputs.add(Preprocessing.toModelInput(image));
  }

  /** One forward pass over the pending faces. */
  private void flush() {
    List<Prediction> predictions = predictor.predict(pendingInputs);
    for (int i = 0; i < predictions.size(); i++) {
      LabeledFile f = pendingFiles.get(i);
      ready.add(new LabeledFile(f.path(), f.fileSize(), f.width(), f.height(), predictions.get(i), null));
    }
    pendingFiles.clear();
    pendingInputs.clear();
  }
}
