package dev.parley.presence.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything presence-service can be tuned with; each key is also an environment variable (PARLEY_PRESENCE_...). */
@ConfigMapping(prefix = "parley.presence")
public interface PresenceConfig {

    /**
     * How long a chat instance may go without a heartbeat before its connections count as gone. Also how long a
     * presence instance reads heartbeats after it starts before it declares any chat instance dead, so that every
     * live one has been heard from again first.
     */
    @WithDefault("30s")
    Duration instanceTtl();

    /**
     * How long a dead instance's connections are kept, in case it heartbeats again (a long pause or a network
     * split rather than a crash) and its users are still connected to it.
     */
    @WithDefault("1d")
    Duration deadInstanceRetention();

    /** How often silent instances are looked for (LivenessSweeper's schedule). */
    @WithDefault("1s")
    Duration sweepInterval();

    /** How often instances dead for longer than the retention are forgotten (LivenessSweeper's schedule). */
    @WithDefault("10m")
    Duration purgeInterval();

    /** Users recounted per transaction when an instance dies or comes back. */
    @WithDefault("200")
    int recountBatchSize();
}
