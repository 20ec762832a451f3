package dev.parley.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test a real PostgreSQL database and a real Kafka broker, shared by every test of the JVM.
 * <p>
 * Use {@code @QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = "database", value =
 * "auth"))}; the database is created on first use.
 */
public class ParleyTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE_ARG = "database";

    private String database = "parley";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault(DATABASE_ARG, database);
    }

    @Override
    public Map<String, String> start() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        TestInfrastructure.Database db = infrastructure.database(database);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.username", db.username());
        config.put("quarkus.datasource.password", db.password());
        config.put("quarkus.datasource.reactive.url", db.reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
        config.put("kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers());
        // Services other than auth verify access tokens against a JWKS; in tests, the one TestTokens signs with.
        config.put("mp.jwt.verify.publickey.location", TestTokens.jwksLocation());
        return config;
    }

    @Override
    public void stop() {
        // Shared by every test of this JVM; stopped by a shutdown hook when the JVM exits.
    }
}
