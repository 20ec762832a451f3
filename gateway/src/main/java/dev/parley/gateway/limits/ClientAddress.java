package dev.parley.gateway.limits;

import java.util.HexFormat;

import io.netty.util.NetUtil;
import io.vertx.core.net.SocketAddress;

/**
 * What a client is counted as: its IPv4 address, or the /64 network of its IPv6 address (one subscriber usually
 * holds a whole /64, so counting single IPv6 addresses would let one client be millions).
 * <p>
 * The address is the request's remote address: the TCP peer, or, when Quarkus is told to trust a load balancer
 * ({@code quarkus.http.proxy.*} with trusted proxies), the client that balancer reports. A client's own
 * X-Forwarded-For is never believed.
 */
final class ClientAddress {

    private static final int IPV6_NETWORK_BYTES = 8;

    private ClientAddress() {
    }

    static String of(SocketAddress address) {
        if (address == null || address.hostAddress() == null) {
            return "unknown";
        }
        String host = address.hostAddress();
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
        if (bytes == null || bytes.length == 4) {
            return host;
        }
        if (isIpv4Mapped(bytes)) {
            return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
        }
        return HexFormat.of().formatHex(bytes, 0, IPV6_NETWORK_BYTES) + "::/64";
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
