package dev.parley.chat.service;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.chat.ChatSettings;
import dev.parley.chat.repository.ChatSettingsRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Each account's typing-indicator and read-receipt settings (both on until the user turns them off). */
@ApplicationScoped
public class SettingsService {

    private final ChatSettingsRepository settings;
    private final Clock clock;

    SettingsService(ChatSettingsRepository settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @WithSession
    public Uni<ChatSettings> get(UUID userId) {
        return settings.of(userId);
    }

    /** Saves both settings and returns them as stored (read after the write, in the same transaction). */
    @WithTransaction
    public Uni<ChatSettings> update(UUID userId, boolean typingIndicators, boolean readReceipts) {
        return settings.save(userId, typingIndicators, readReceipts, clock.instant().truncatedTo(ChronoUnit.MICROS))
                .chain(() -> settings.of(userId));
    }
}
