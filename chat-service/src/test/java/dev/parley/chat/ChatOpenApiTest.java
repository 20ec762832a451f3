package dev.parley.chat;

import dev.parley.testing.OpenApiContract;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "chat"))
class ChatOpenApiTest extends OpenApiContract {

    @Override
    protected String documentPath() {
        return "/api/chat/openapi";
    }
}
