package io.ferspark.jobs.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 protocol server for tests: s3proxy in its own JVM on a free loopback port, storing
 * objects in a folder (so a killed server can be restarted on the same data). The jar is copied into
 * target/s3proxy by the jobs pom; as a test-classpath dependency its Jackson would clash with Spark's.
 *
 * <p>Each server gets a fresh random secret, so a test can search any output for it.
 */
public final class S3ProxyServer implements AutoCloseable {

  public static final String REGION = "us-east-1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path jar;
  private final Path dataDir;
  private final Path log;
  private final Path properties;
  private final int port;
  private final String accessKey = "fer-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final String secretKey = "secret-" + UUID.randomUUID();
  private Process process;
  private S3Client client;

  private S3ProxyServer(Path workDir) throws IOException {
    this.jar = locateJar();
    this.dataDir = Files.createDirectories(workDir.resolve("data"));
    this.log = workDir.resolve("s3proxy.log");
    this.properties = workDir.resolve("s3proxy.conf");
    this.port = freeLoopbackPort();
  }

  /** Starts a server whose buckets live under {@code workDir}; returns once it answers HTTP. */
  public static S3ProxyServer start(Path workDir) throws IOException {
    S3ProxyServer server = new S3ProxyServer(workDir);
    server.writeProperties();
    server.launch();
    return server;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the server process at once (SIGKILL), as a crash or a network cut would. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitForExit();
    }
  }

  /** Starts the server again on the same port and the same data (after {@link #kill()}). */
  public void restart() throws IOException {
    if (isRunning()) {
      throw new IllegalStateException("s3proxy is still running on " + endpoint());
    }
    launch();
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    if (process != null && process.isAlive()) {
      process.destroy();
      waitForExit();
    }
  }

  // ---- objects, through the AWS SDK v2 (the same client library S3A uses) ----

  /** An SDK client for this server: path-style, us-east-1, the server's own credentials. */
  public synchronized S3Client client() {
    if (client == null) {
      client = S3Client.builder()
          .endpointOverride(URI.create(endpoint()))
          .region(Region.of(REGION))
          .forcePathStyle(true)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
          // Only the checksums S3 requires: s3proxy does not verify the SDK's optional trailing ones.
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
          .build();
    }
    return client;
  }

  public void createBucket(String bucket) {
    client().createBucket(b -> b.bucket(bucket));
  }

  public void put(String bucket, String key, Path file) {
    client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
  }

  /** Uploads every regular file under {@code dir} to {@code prefix/<relative path>}; returns the count. */
  public int putTree(String bucket, String prefix, Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    // A few uploads in flight at once: the SDK client is thread-safe and each PUT mostly waits.
    ExecutorService uploads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> pending = new ArrayList<>();
      for (Path file : files) {
        String relative = dir.relativize(file).toString().replace('\\', '/');
        pending.add(uploads.submit(() -> put(bucket, prefix.isEmpty() ? relative : prefix + "/" + relative, file)));
      }
      for (Future<?> upload : pending) {
        upload.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while uploading to " + bucket, e);
    } catch (ExecutionException e) {
      throw new IOException("upload to bucket " + bucket + " failed", e.getCause());
    } finally {
      uploads.shutdownNow();
    }
    return files.size();
  }

  /** Keys under {@code prefix}, sorted. */
  public List<String> keys(String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
        .contents().stream().map(S3Object::key).forEach(keys::add);
    keys.sort(null);
    return keys;
  }

  // ---- process ----

  private void writeProperties() throws IOException {
    String conf = String.join("\n",
        "s3proxy.endpoint=" + endpoint(),
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + accessKey,
        "s3proxy.credential=" + secretKey,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + dataDir,
        "");
    Files.writeString(properties, conf);
  }

  private void launch() throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(java.toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-jar", jar.toString(), "--properties", properties.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("LOG_LEVEL", "warn");
    builder.environment().put("JETTY_LOG_LEVEL", "warn");
    process = builder.start();
    Process started = process;
    // A test JVM that dies or is killed must not leave a server behind.
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "s3proxy-stop-" + port));
    awaitReady();
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("s3proxy exited with code " + process.exitValue() + " before answering; its log:\n" + logTail());
      }
      if (answers()) {
        return;
      }
      sleep(100);
    }
    close();
    throw new IOException("s3proxy did not answer on " + endpoint() + " within " + START_TIMEOUT.toSeconds() + " s; its log:\n" + logTail());
  }

  /** Any HTTP status (an anonymous request gets 403) means the server is up. */
  private boolean answers() {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      try {
        return connection.getResponseCode() > 0;
      } finally {
        connection.disconnect();
      }
    } catch (IOException notYet) {
      return false;
    }
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static Path locateJar() {
    String property = System.getProperty("s3proxy.jar");
    Path jar = property != null ? Path.of(property) : Path.of("target", "s3proxy", "s3proxy.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("s3proxy jar not found at " + jar.toAbsolutePath()
          + ": run the tests through Maven (mvn verify copies org.gaul:s3proxy:jar-with-dependencies there)");
    }
    return jar;
  }

  /** A port nobody listens on right now (also useful as an unreachable endpoint). */
  public static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for s3proxy", e);
    }
  }
}
