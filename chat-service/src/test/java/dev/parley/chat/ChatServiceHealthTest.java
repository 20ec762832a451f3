package dev.parley.chat;

import dev.parley.testing.ParleyTestResource;
import dev.parley.testing.ServiceHealthContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "chat"))
class ChatServiceHealthTest extends ServiceHealthContract {
}
