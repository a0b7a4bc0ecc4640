package dev.aurorajca.ra;

import dev.aurorajca.driver.DriverRuntime;

/**
 * For {@code AdapterHandleBenchmark}: a resource adapter whose logical connections come from a
 * given runtime (one over a stub physical connection), the package-private hook the adapter's
 * unit tests use too. Lives in the benchmarks module only.
 */
public final class AdapterBenchAccess {

    private AdapterBenchAccess() { }

    public static AuroraResourceAdapter adapterOver(DriverRuntime runtime) {
        return new AuroraResourceAdapter((ignored, settings) -> runtime.connect(settings));
    }
}
