package dev.parley.chat.service;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;

/**
 * A group message sealed for another epoch than the group's current one: the membership changed since the client read
 * it. The refusal names the current epoch, so the client knows it must read the group again and seal for its members.
 */
public class StaleEpoch extends ApiException {

    private final int currentEpoch;

    public StaleEpoch(int currentEpoch) {
        super(409, ErrorCode.STALE_EPOCH, "The group's membership changed (epoch " + currentEpoch
                + " now); read the group again and seal the message for its members.");
        this.currentEpoch = currentEpoch;
    }

    public int currentEpoch() {
        return currentEpoch;
    }
}
