package dev.parley.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.vertx.core.net.SocketAddress;

class ClientAddressTest {

    @ParameterizedTest
    @CsvSource({
            "203.0.113.7, 203.0.113.7",
            "::ffff:203.0.113.7, 203.0.113.7",
            "2001:db8:1:2:3:4:5:6, 20010db800010002::/64",
            "2001:db8:1:2::ffff, 20010db800010002::/64",
    })
    void countsIpv4AddressesAloneAndIpv6AddressesByTheirSlash64(String address, String countedAs) {
        assertThat(ClientAddress.of(SocketAddress.inetSocketAddress(443, address))).isEqualTo(countedAs);
    }

    @Test
    void countsClientsWithoutAnAddressTogether() {
        assertThat(ClientAddress.of(null)).isEqualTo("unknown");
    }
}
