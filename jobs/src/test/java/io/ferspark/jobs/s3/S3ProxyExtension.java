package io.ferspark.jobs.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(S3ProxyExtension.class)} gives test methods and {@code @BeforeAll} methods an
 * {@link S3ProxyServer} parameter: one server for the whole test run (started on first use, stopped
 * when the run ends), so test classes share its start-up. Tests that stop or break the server start
 * their own with {@link S3ProxyServer#start}.
 */
public final class S3ProxyExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == S3ProxyServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.create(S3ProxyExtension.class))
        .getOrComputeIfAbsent(Shared.class, key -> new Shared(), Shared.class).server;
  }

  /** JUnit closes stored AutoCloseables when the root context closes, i.e. after the last test class. */
  private static final class Shared implements AutoCloseable {
    private final Path dir;
    private final S3ProxyServer server;

    Shared() {
      try {
        dir = Files.createTempDirectory("fer-s3proxy-");
        server = S3ProxyServer.start(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      try (var walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
