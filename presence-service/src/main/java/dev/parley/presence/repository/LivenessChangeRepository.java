package dev.parley.presence.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.presence.LivenessChange;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class LivenessChangeRepository implements PanacheRepositoryBase<LivenessChange, Long> {

    /** The oldest changes whose users are still to be recounted. */
    public Uni<List<LivenessChange>> pending(int limit) {
        return find("order by id").page(0, limit).list();
    }
}
