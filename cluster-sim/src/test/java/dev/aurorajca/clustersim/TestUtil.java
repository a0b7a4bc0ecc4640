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
    if (!MariaDb.await(timeout, condition)) {
      fail("condition not met within " + timeout);
    }
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
