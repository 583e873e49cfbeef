package io.ferspark.jobs.s3;

import io.ferspark.labels.Labels;
import io.ferspark.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A small image-folder bucket for tests: the first images of each class of the FER2013 val split. */
final class ImageSample {

  private ImageSample() {}

  /**
   * Copies up to {@code perClass} images of every class into {@code target/<class>/} (a temporary
   * folder, never the repository); skips the calling test when FER2013 is absent. Returns the count.
   */
  static int copyFer2013Val(Path target, int perClass) throws IOException {
    Path val = TestData.fer2013Split("val");
    int count = 0;
    for (String label : Labels.NAMES) {
      Path classDir = Files.createDirectories(target.resolve(label));
      List<Path> files;
      try (Stream<Path> list = Files.list(val.resolve(label))) {
        files = list.filter(Files::isRegularFile).sorted().limit(perClass).toList();
      }
      for (Path file : files) {
        Files.copy(file, classDir.resolve(file.getFileName()));
        count++;
      }
    }
    return count;
  }
}
