package dev.parley.chat.service;

import org.hibernate.exception.ConstraintViolationException;

/** Recognises a failed insert that lost a race for a unique key, which the caller answers by reading the winner. */
final class UniqueViolations {

    private UniqueViolations() {
    }

    static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException violation
                    && violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("duplicate key value")) {
                return true;
            }
        }
        return false;
    }
}
