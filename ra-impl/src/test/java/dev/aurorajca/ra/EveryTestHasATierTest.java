package dev.aurorajca.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aurorajca.clustersim.TestTiers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keeps `-Dgroups=unit` honest: a test class without its tier would silently drop out of a tier run. */
@DisplayName("every test class of this module carries exactly one tier tag: unit, cluster or process")
@org.junit.jupiter.api.Tag("unit")
class EveryTestHasATierTest {

    @Test
    @DisplayName("no test class without a tier")
    void everyTestClassHasOneTier() throws Exception {
        Path classes = Path.of(EveryTestHasATierTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> untagged = TestTiers.untagged(classes, EveryTestHasATierTest.class.getClassLoader());
        assertEquals(List.of(), untagged, "add @org.junit.jupiter.api.Tag(\"unit\" | \"cluster\" | \"process\") to these classes");
    }
}
