package dev.aurorajca.clustersim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.Tag("unit")
class MissingServerTest {

  @Test
  @DisplayName("without mariadbd the error says how to install it")
  void missingBinaryNamesTheFix(@TempDir Path empty) {
    IOException e = assertThrows(IOException.class, () -> MariaDb.locateIn(List.of(empty.toString())));
    assertTrue(e.getMessage().contains("apt-get install -y mariadb-server"), e.getMessage());
  }
}
