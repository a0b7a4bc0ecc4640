package dev.aurorajca.clustersim;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

final class TestUtil {

  private TestUtil() {
  }

  interface SqlAction {
    void run() throws SQLException;
  }

  /** Polls {@code condition} until it holds; fails the test at the deadline. */
  static void await(Duration timeout, BooleanSupplier condition) {
    Await.until("a condition of this test", timeout, condition);
  }

  static SQLException assertThrowsSql(SqlAction action) {
    try {
      action.run();
    } catch (SQLException e) {
      return e;
    }
    return fail("expected an SQLException");
  }
}
