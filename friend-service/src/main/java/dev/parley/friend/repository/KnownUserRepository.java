package dev.parley.friend.repository;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.friend.KnownUser;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class KnownUserRepository implements PanacheRepositoryBase<KnownUser, UUID> {

    private static final Pattern POSSIBLE_USERNAME = Pattern.compile("[A-Za-z0-9]{1,64}");

    /** Lower-case, as usernames are unique whatever their case. */
    public static String canonical(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    /** Null for a name nobody can have (letters and digits only), without a query: PostgreSQL refuses NUL in text. */
    public Uni<KnownUser> findByUsername(String username) {
        if (!possible(username)) {
            return Uni.createFrom().nullItem();
        }
        return find("usernameCanonical", canonical(username)).firstResult();
    }

    /** The users of these names; names nobody can have find nobody. */
    public Uni<List<KnownUser>> findByUsernames(Collection<String> canonicalUsernames) {
        List<String> possible = canonicalUsernames.stream().filter(KnownUserRepository::possible).toList();
        return possible.isEmpty() ? Uni.createFrom().item(List.of()) : list("usernameCanonical in ?1", possible);
    }

    private static boolean possible(String username) {
        return username != null && POSSIBLE_USERNAME.matcher(username).matches();
    }

    public Uni<List<KnownUser>> findByIds(Collection<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }

    /** Which of the ids are known, as the database says now (a query, not the session's cache). */
    public Uni<Set<UUID>> findIdsOf(Collection<UUID> ids) {
        return list("id in ?1", ids).map(known -> known.stream().map(user -> user.id).collect(Collectors.toSet()));
    }

    /** Another user holding the username; only while the users topic is replayed out of order. */
    public Uni<KnownUser> findOtherHolder(String canonicalUsername, UUID userId) {
        return find("usernameCanonical = ?1 and id <> ?2", canonicalUsername, userId).firstResult();
    }

    /** Deletes at once (not at flush), so a row re-using its unique values can follow in the same transaction. */
    public Uni<Long> deleteNow(UUID userId) {
        return delete("id", userId);
    }
}
