package dev.parley.client.chat;

import java.net.URI;
import java.util.List;

/**
 * The addresses a client may reach the same chat service at (a gateway, or several chat-service instances), tried in
 * turn: the current one is kept while connects to it succeed, and a failed connect moves on to the next.
 */
final class Servers {

    private final List<URI> addresses;
    private int current;

    Servers(List<URI> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("No server address");
        }
        this.addresses = List.copyOf(addresses);
    }

    /** Where to connect and call now. */
    synchronized URI current() {
        return addresses.get(current);
    }

    /**
     * A connect to {@code address} failed: the next address is tried from now on. A failure reported late, for an
     * address that is no longer the current one, changes nothing, so that two failures never skip an address.
     */
    synchronized void failed(URI address) {
        if (addresses.get(current).equals(address)) {
            current = (current + 1) % addresses.size();
        }
    }
}
