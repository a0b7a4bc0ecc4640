package dev.aurorajca.driver.iam;

/**
 * What a token is signed for. Two connections may share a token only when all four match: the
 * token embeds the host, port and user, and is signed for the region.
 */
record TokenKey(String region, String host, int port, String user) {

    @Override
    public String toString() {
        return region + ":" + host + ":" + port + ":" + user;
    }
}
