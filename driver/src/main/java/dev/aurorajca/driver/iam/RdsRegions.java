package dev.aurorajca.driver.iam;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the AWS region out of an RDS endpoint name. Whatever the endpoint kind (cluster writer
 * {@code cluster-}, reader {@code cluster-ro-}, custom {@code cluster-custom-}, instance, proxy
 * {@code proxy-}, Limitless {@code shardgrp-}), the region sits in one of two places:
 * <ul>
 *   <li>{@code <…>.<region>.rds.amazonaws.com} — commercial and GovCloud regions, and the
 *       older China form {@code <…>.<region>.rds.amazonaws.com.cn};</li>
 *   <li>{@code <…>.rds.<region>.amazonaws.com[.cn]} — China and GovCloud, and the isolated
 *       partitions ({@code .c2s.ic.gov}, {@code .sc2s.sgov.gov}).</li>
 * </ul>
 * Anything else (an IP address, a CNAME, {@code localhost}) has no region: set {@code iamRegion}.
 */
final class RdsRegions {

    private static final Pattern REGION_BEFORE_RDS =
            Pattern.compile("^.+\\.([a-z0-9-]+)\\.rds\\.amazonaws\\.com(?:\\.cn)?$");
    private static final Pattern REGION_AFTER_RDS =
            Pattern.compile("^.+\\.rds\\.([a-z0-9-]+)\\.(?:amazonaws\\.com(?:\\.cn)?|c2s\\.ic\\.gov|sc2s\\.sgov\\.gov)$");
    /** us-east-1, cn-northwest-1, us-gov-west-1, us-isob-east-1, ap-southeast-5 … */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-\\d{1,2}");

    private RdsRegions() { }

    /** The region in {@code host}, or empty when {@code host} is not an RDS endpoint name. */
    static Optional<String> fromHost(String host) {
        if (host == null) {
            return Optional.empty();
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // fully qualified form
        }
        for (Pattern p : new Pattern[] {REGION_AFTER_RDS, REGION_BEFORE_RDS}) {
            Matcher m = p.matcher(h);
            if (m.matches() && REGION.matcher(m.group(1)).matches()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}
