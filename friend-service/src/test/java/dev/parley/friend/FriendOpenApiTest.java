package dev.parley.friend;

import dev.parley.testing.OpenApiContract;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "friend"))
class FriendOpenApiTest extends OpenApiContract {

    @Override
    protected String documentPath() {
        return "/api/friends/openapi";
    }
}
