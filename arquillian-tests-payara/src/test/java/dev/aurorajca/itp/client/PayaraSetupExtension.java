package dev.aurorajca.itp.client;

import org.jboss.arquillian.core.spi.LoadableExtension;

/** Registers {@link PayaraSetupObserver} (META-INF/services, client JVM). */
public final class PayaraSetupExtension implements LoadableExtension {
    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(PayaraSetupObserver.class);
    }
}
