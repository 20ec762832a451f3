package dev.parley.chat.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down once another instance claimed this instance's partition of chat-messages (see {@link DeliverySlot}): the two
 * would read the same partition, so this one must be restarted.
 */
@Liveness
@ApplicationScoped
public class DeliverySlotHealth implements HealthCheck {

    private final DeliverySlot slot;

    DeliverySlotHealth(DeliverySlot slot) {
        this.slot = slot;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("chat-messages partition").status(slot.held()).build();
    }
}
