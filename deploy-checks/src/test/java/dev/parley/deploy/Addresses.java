package dev.parley.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Host and port pairs in a setting's value: URLs (http://, postgresql://, jdbc:postgresql://) and host:port lists. */
final class Addresses {

    private static final Pattern ADDRESS = Pattern.compile("(?:[a-z]+:)?(?:[a-z]+://)?([a-z0-9.-]+):(\\d+)");

    /** A host name and a port. */
    record Address(String host, int port) {

        /** A short name resolved inside the cluster or compose network, not a domain name or an IP address. */
        boolean isLocalName() {
            return !host.contains(".");
        }
    }

    private Addresses() {
    }

    static List<Address> in(String value) {
        List<Address> addresses = new ArrayList<>();
        Matcher matcher = ADDRESS.matcher(value);
        while (matcher.find()) {
            addresses.add(new Address(matcher.group(1), Integer.parseInt(matcher.group(2))));
        }
        return addresses;
    }
}
