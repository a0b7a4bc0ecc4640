package dev.aurorajca.clustersim;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands one running {@link SimCluster} to a test class and closes it after the class.
 *
 * <pre>{@code
 * @ExtendWith(SimClusterExtension.class)
 * @SimClusterConfig(nodes = 3)
 * class FailoverTest {
 *   @Test void survives(SimCluster cluster) { ... }
 * }
 * }</pre>
 *
 * The cluster is started on the first parameter that asks for it (constructor, {@code @BeforeAll},
 * {@code @BeforeEach} or test method) and shared by every test of the class; call
 * {@link SimCluster#healAll()} in {@code @BeforeEach} to undo the faults of a previous test.
 */
public final class SimClusterExtension implements ParameterResolver, AfterAllCallback {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SimClusterExtension.class);
  private static final String KEY = "cluster";

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == SimCluster.class || type == SimBlueGreen.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext = classContext(context);
    SimCluster cluster = classContext.getStore(NS).getOrComputeIfAbsent(KEY, k -> start(classContext), SimCluster.class);
    if (parameter.getParameter().getType() == SimBlueGreen.class) {
      return cluster.blueGreen().orElseThrow(() -> new ParameterResolutionException(
          "a SimBlueGreen parameter needs @SimClusterConfig(aurora = true, blueGreen = true)"));
    }
    return cluster;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    SimCluster cluster = context.getStore(NS).remove(KEY, SimCluster.class);
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The context of the test class itself, whichever method or constructor asked. */
  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  private static SimCluster start(ExtensionContext context) {
    SimClusterConfig config = context.getRequiredTestClass().getAnnotation(SimClusterConfig.class);
    SimCluster.Builder builder = SimCluster.builder();
    if (config != null) {
      builder.nodes(config.nodes()).rdsNames(config.rdsNames()).semiSync(config.semiSync());
      builder.aurora(config.aurora());
      builder.blueGreen(config.blueGreen());
      for (String ce : config.customEndpoints()) {
        int colon = ce.lastIndexOf(':');
        if (colon <= 0) {
          throw new IllegalArgumentException("@SimClusterConfig customEndpoints: 'name:nodeId' expected, got '" + ce + "'");
        }
        builder.customEndpoint(ce.substring(0, colon), Integer.parseInt(ce.substring(colon + 1).trim()));
      }
      if (config.endpointLagMs() >= 0) {
        builder.endpointLagMs(config.endpointLagMs());
      }
      String hosts = System.getProperty("jdk.net.hosts.file");
      if ((config.rdsNames() || config.aurora()) && hosts != null) {
        builder.hostsFile(java.nio.file.Path.of(hosts)); // the names resolve in this JVM too
      }
    }
    try {
      return builder.start();
    } catch (IOException e) {
      throw new ParameterResolutionException("could not start the cluster: " + e.getMessage(), new UncheckedIOException(e));
    }
  }
}
