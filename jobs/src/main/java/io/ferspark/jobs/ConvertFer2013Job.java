package io.ferspark.jobs;

import io.ferspark.training.Fer2013Csv;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Converts the original FER2013 CSV into the image-folder bucket the other jobs read. */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Convert fer2013.csv (emotion,pixels,Usage) into <output>/{train,val,test}/<class>/*.png.")
public final class ConvertFer2013Job implements Callable<Integer> {

  @Option(names = "--csv", required = true, description = "The FER2013 CSV file.")
  Path csv;

  @Option(names = "--output", required = true, description = "Bucket root to write.")
  Path output;

  @Option(names = "--format", defaultValue = "png", description = "png (lossless) or jpg (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() throws Exception {
    Map<String, Integer> written = Fer2013Csv.convert(csv, output, format);
    System.out.println("Converted " + csv + " into " + output + ": " + written);
    return 0;
  }

  public static void main(String[] args) {
    System.exit(JobCommandLine.execute(new ConvertFer2013Job(), args));
  }
}
