package dev.aurorajca.itsupport.client;

import dev.aurorajca.clustersim.SimCluster;
import org.jboss.arquillian.container.spi.event.container.AfterUnDeploy;
import org.jboss.arquillian.container.spi.event.container.BeforeDeploy;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.arquillian.test.spi.TestClass;

/**
 * Arquillian observer (client JVM), registered by it-support's own
 * {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}: before a scenario's
 * WAR is deployed, deploys the rar with {@link Definition#standard} on the module's
 * {@link AppServer} (on the module run's cluster, healed); after the WAR is undeployed, removes it.
 * A class annotated {@link ManagesAdapter} is left alone. Each scenario class therefore starts on a
 * server with exactly the standard configuration, and leaves nothing behind.
 */
public class AdapterObserver {

    @Inject
    private Instance<TestClass> testClass;

    public void beforeDeploy(@Observes BeforeDeploy event) throws Exception {
        if (wanted()) {
            AppServer server = AppServer.get();
            try {
                SimCluster cluster = TestCluster.healthy();
                server.deployAdapter(testClass.get().isAnnotationPresent(WithXaPool.class)
                        ? Definition.withXa(cluster) : Definition.standard(cluster));
            } catch (Exception e) {
                server.undeployAdapter(); // a half-made configuration must not leak into the next class
                throw e;
            }
        }
    }

    public void afterUndeploy(@Observes AfterUnDeploy event) throws Exception {
        if (wanted()) {
            AppServer.get().undeployAdapter();
        }
    }

    private boolean wanted() {
        TestClass tc = testClass.get();
        return tc != null && !tc.isAnnotationPresent(ManagesAdapter.class);
    }

    /** Registers {@link AdapterObserver}. */
    public static final class Extension implements LoadableExtension {
        @Override
        public void register(ExtensionBuilder builder) {
            builder.observer(AdapterObserver.class);
        }
    }
}
