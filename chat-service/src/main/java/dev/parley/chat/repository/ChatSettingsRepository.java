package dev.parley.chat.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.chat.ChatSettings;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ChatSettingsRepository implements PanacheRepositoryBase<ChatSettings, UUID> {

    /** The user's settings; the defaults when they never changed them. */
    public Uni<ChatSettings> of(UUID userId) {
        return findById(userId).map(found -> found != null ? found : ChatSettings.defaults(userId));
    }

    /** Those of the users who turned read receipts off. */
    public Uni<Set<UUID>> readReceiptsOff(Collection<UUID> userIds) {
        return list("userId in ?1 and readReceipts = false", userIds)
                .map(found -> found.stream().map(settings -> settings.userId).collect(Collectors.toSet()));
    }

    /** Those of the users who turned typing indicators off. */
    public Uni<Set<UUID>> typingIndicatorsOff(Collection<UUID> userIds) {
        return list("userId in ?1 and typingIndicators = false", userIds)
                .map(found -> found.stream().map(settings -> settings.userId).collect(Collectors.toSet()));
    }

    /** Writes both settings at once; two devices saving together both succeed, the later one wins. */
    public Uni<Void> save(UUID userId, boolean typingIndicators, boolean readReceipts, Instant now) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                insert into chat_settings (user_id, typing_indicators, read_receipts, updated_at)
                values (:userId, :typing, :read, :now)
                on conflict (user_id) do update set typing_indicators = excluded.typing_indicators,
                    read_receipts = excluded.read_receipts, updated_at = excluded.updated_at""")
                .setParameter("userId", userId)
                .setParameter("typing", typingIndicators)
                .setParameter("read", readReceipts)
                .setParameter("now", now)
                .executeUpdate())
                .replaceWithVoid();
    }
}
