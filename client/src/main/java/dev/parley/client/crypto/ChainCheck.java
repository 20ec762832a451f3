package dev.parley.client.crypto;

import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

import dev.parley.client.crypto.VerifierState.Position;

/** The chain checks of PROTOCOL.md §4, the same for 1:1 messages ({@link MessageVerifier}) and groups ({@link GroupVerifier}). */
final class ChainCheck {

    private static final Position CHAIN_START = new Position(0, new byte[Sha256.LENGTH]);

    private ChainCheck() {
    }

    /**
     * What an authentic message from a sender it may come from breaks of its chain: its seq is not after the last
     * one seen (REPLAYED_OR_REORDERED), skips ahead (DROPPED), or its {@code prev} is not the last hash seen
     * (BROKEN_CHAIN); empty when it follows. A new chain starts at seq 0 and 32 zero bytes. Every message but a
     * REPLAYED_OR_REORDERED one moves its chain on to it, so that one problem raises one alert.
     *
     * @param chains where each chain stands, updated here
     * @param chain  the message's chain: its device's, or for a group its (sender, device)
     */
    static <K> Optional<IntegrityProblem> advance(Map<K, Position> chains, K chain, MessageHeader header, byte[] hash) {
        Position last = chains.getOrDefault(chain, CHAIN_START);
        if (header.seq() <= last.seq()) {
            return Optional.of(IntegrityProblem.REPLAYED_OR_REORDERED);
        }
        chains.put(chain, new Position(header.seq(), hash));
        if (header.seq() > last.seq() + 1) {
            return Optional.of(IntegrityProblem.DROPPED);
        }
        if (!MessageDigest.isEqual(header.prevHash(), last.hash())) {
            return Optional.of(IntegrityProblem.BROKEN_CHAIN);
        }
        return Optional.empty();
    }
}
