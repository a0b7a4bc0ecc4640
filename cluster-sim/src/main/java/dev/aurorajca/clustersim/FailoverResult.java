package dev.aurorajca.clustersim;

import java.time.Duration;
import java.time.Instant;

/**
 * What {@link SimCluster#failover()} did: which node crashed, which one became the writer, and when.
 *
 * @param oldWriterId the {@code @@server_id} of the writer that was killed
 * @param newWriterId the {@code @@server_id} of the promoted replica
 * @param crashedAt   when the old writer was sent {@code SIGKILL}
 * @param promotedAt  when the new writer first answered {@code @@read_only = 0}
 */
public record FailoverResult(int oldWriterId, int newWriterId, Instant crashedAt, Instant promotedAt) {

  /** Time from the crash to the promotion, the window in which no writer exists. */
  public Duration writerDowntime() {
    return Duration.between(crashedAt, promotedAt);
  }
}
