package dev.parley.webtests;

import java.util.concurrent.atomic.AtomicInteger;

/** Usernames that no other test of the run takes, and passwords that pass every sign-up rule. */
final class Names {

    static final String PASSWORD = "Correct7!Horse";
    static final String NEW_PASSWORD = "Battery8?Staple";

    private static final AtomicInteger NEXT = new AtomicInteger(1);

    private Names() {
    }

    /** The prefix, then a number of at least three digits: letters and digits only, at least five. */
    static String username(String prefix) {
        return prefix + String.format("%03d", NEXT.getAndIncrement());
    }
}
