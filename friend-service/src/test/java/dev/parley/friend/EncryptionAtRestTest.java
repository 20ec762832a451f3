package dev.parley.friend;

import static dev.parley.friend.FriendsApi.befriend;
import static dev.parley.friend.FriendsApi.reject;
import static dev.parley.friend.FriendsApi.sendRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.friend.TestUsers.User;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A copy of the friend database does not show who is friends with whom (friend-service/README.md, "What is stored,
 * and what a copy of the database shows").
 */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "friend"))
class EncryptionAtRestTest {

    @Inject
    TestUsers users;

    @Inject
    TestDatabase database;

    @Test
    void aDumpOfTheFriendTablesNamesNoUserAndNoUsername() {
        List<User> all = users.create("Secretive", "Confidant", "Admirer", "Refused");
        befriend(all.get(0), all.get(1));
        sendRequest(all.get(2), all.get(0));
        sendRequest(all.get(3), all.get(1));
        reject(all.get(1), all.get(3).username()).then().statusCode(200);

        String dump = (database.dump("friendship") + database.dump("friend_request")).toLowerCase(Locale.ROOT);

        assertThat(dump.lines()).hasSizeGreaterThanOrEqualTo(5);
        for (User user : all) {
            String id = user.id().toString();
            assertThat(dump).doesNotContain(id)
                    .doesNotContain(id.replace("-", ""))
                    .doesNotContain(user.username().toLowerCase(Locale.ROOT))
                    .doesNotContain(HexFormat.of().formatHex(user.username().getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(dump).contains("\ttest1\t");
    }
}
