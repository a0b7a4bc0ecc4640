package dev.aurorajca.driver;

import dev.aurorajca.clustersim.TestTiers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keeps `-Dgroups=unit` honest: a test class without its tier would silently drop out of a tier run. */
@DisplayName("every test class of this module carries exactly one tier tag: unit, cluster or process")
@org.junit.jupiter.api.Tag("unit")
class EveryTestHasATierTest {

    @Test
    @DisplayName("no test class without a tier")
    void everyTestClassHasOneTier() throws Exception {
        TestTiers.assertEveryClassTagged(EveryTestHasATierTest.class);
    }
}
