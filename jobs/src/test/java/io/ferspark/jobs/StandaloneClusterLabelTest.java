package io.ferspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.labels.Labels;
import io.ferspark.testing.TestData;
import io.ferspark.testing.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labeling job on a real Spark standalone cluster on 127.0.0.1: a Master and a Worker started
 * as separate JVMs, two executor JVMs launched by the Worker, and the job's driver in a JVM of its
 * own started like {@code scripts/submit} does. Every process uses the test class path (executors
 * through {@code spark.executor.extraClassPath}) and the flags in conf/jvm-options.
 */
class StandaloneClusterLabelTest {

  @TempDir
  static Path tmp;

  static final List<Process> CLUSTER = new ArrayList<>();
  static String classpath;
  static List<String> jvmOptions;
  static int masterPort;

  @BeforeAll
  static void startCluster() throws Exception {
    classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    jvmOptions = Files.readAllLines(TestData.projectDir().resolve("conf/jvm-options")).stream()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    // The Worker builds executor command lines from SPARK_HOME/jars (empty here: the class path comes
    // from spark.executor.extraClassPath) and needs to know the Scala version of the build.
    Path sparkHome = Files.createDirectories(tmp.resolve("spark-home/jars")).getParent();
    masterPort = freePort();
    CLUSTER.add(start("master", sparkHome, "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort())));
    awaitPort(masterPort);
    CLUSTER.add(start("worker", sparkHome, "org.apache.spark.deploy.worker.Worker",
        "spark://127.0.0.1:" + masterPort, "--host", "127.0.0.1", "--cores", "2", "--memory", "3g",
        "--webui-port", String.valueOf(freePort()), "--work-dir", tmp.resolve("work").toString()));
  }

  @AfterAll
  static void stopCluster() {
    CLUSTER.forEach(Process::destroy);
  }

  private static Process start(String name, Path sparkHome, String main, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-cp", classpath));
    command.addAll(jvmOptions);
    command.add(main);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve(name + ".log").toFile());
    builder.environment().put("SPARK_HOME", sparkHome.toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.13");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  @Test
  void loadsTheModelOncePerExecutorJvm() throws Exception {
    Path model = TestData.initializedModel(tmp.resolve("model"), TestData.TINY, 9090);
    Path bucket = tmp.resolve("bucket");
    for (int i = 0; i < 96; i++) {
      Path dir = Files.createDirectories(bucket.resolve(Labels.name(i % Labels.COUNT)));
      Files.write(dir.resolve("face-" + i + ".png"), TestImages.encode(TestImages.face(i % Labels.COUNT, 48, i), "png"));
    }
    Files.write(bucket.resolve("broken.jpg"), TestImages.text("not an image"));
    Path output = tmp.resolve("labels");

    String executorOptions = String.join(" ", jvmOptions) + " -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1";
    List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx1g", "-cp", classpath));
    command.addAll(jvmOptions);
    command.addAll(List.of(
        "-Dspark.master=spark://127.0.0.1:" + masterPort,
        "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.ui.enabled=false",
        "-Dspark.executor.cores=1", "-Dspark.cores.max=2", "-Dspark.executor.memory=768m",
        "-Dspark.executor.extraClassPath=" + classpath,
        "-Dspark.executor.extraJavaOptions=" + executorOptions,
        // Start only when both executors are up, and spread tasks over them at once.
        "-Dspark.scheduler.minRegisteredResourcesRatio=1.0", "-Dspark.locality.wait=0",
        "io.ferspark.jobs.LabelJob", "--input", bucket.toString(), "--output", output.toString(),
        "--model", model.toString(), "--partitions", "12", "--batch-size", "8", "--max-error-rate", "0.5"));
    Path log = tmp.resolve("driver.log");
    Process driver = new ProcessBuilder(command).redirectError(log.toFile()).start();
    String stdout = new String(driver.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(driver.waitFor(5, TimeUnit.MINUTES), "driver did not finish");
    assertEquals(0, driver.exitValue(), () -> stdout + "\n" + tail(log));

    assertTrue(stdout.contains("Labeled 96 of 97 files"), stdout);
    assertTrue(stdout.contains("failed: 1 "), stdout);
    Matcher loads = Pattern.compile("model loads: (\\d+) in (\\d+) executor JVM\\(s\\) that ran (\\d+) partitions; loads per JVM \\[([0-9, ]*)]")
        .matcher(stdout);
    assertTrue(loads.find(), stdout);
    assertEquals("2", loads.group(2), "two executor JVMs ran partitions: " + stdout);
    assertEquals("12", loads.group(3));
    assertEquals("2", loads.group(1), "one load in each executor JVM: " + stdout);
    assertEquals("1, 1", loads.group(4));
    assertTrue(!stdout.contains(ProcessHandle.current().pid() + "@"), "executors are not the test JVM");
    try (var files = Files.list(output)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet")));
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void awaitPort(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(250);
      }
    }
    throw new IllegalStateException("Spark master did not open port " + port + " within 90 s; see " + tmp.resolve("master.log"));
  }
}
