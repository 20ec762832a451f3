package dev.parley.auth.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** PostgreSQL advisory locks, which let one instance of the service at a time do a job. */
@ApplicationScoped
public class AdvisoryLockRepository {

    /** Takes the lock until the current transaction ends; false, without waiting, when another session holds it. */
    public Uni<Boolean> tryLockForTransaction(long lock) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("select pg_try_advisory_xact_lock(:lock)", Boolean.class)
                        .setParameter("lock", lock)
                        .getSingleResult());
    }
}
