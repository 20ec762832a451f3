package dev.parley.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.parley.client.chat.ChatClient;
import dev.parley.client.chat.ChatListener;
import dev.parley.client.chat.GroupConversation;
import dev.parley.client.crypto.DeviceId;
import dev.parley.loadgen.BenchUsers.SignedIn;
import dev.parley.loadgen.BenchGroups.BenchGroup;

/** Every member of every group connected over a WebSocket through the gateway, each a new device joined to its group. */
final class GroupClients implements AutoCloseable {

    /** One member's client in one group. */
    record Member(SignedIn user, DeviceId device, ChatClient client, GroupConversation group) {
    }

    private final List<Member> members;

    private GroupClients(List<Member> members) {
        this.members = members;
    }

    /** Connects every member of every group; returns once every socket is ready and every group caught up. */
    static GroupClients connect(Http http, List<BenchGroup> groups, ChatListener listener) {
        int size = groups.isEmpty() ? 0 : groups.get(0).members().size();
        System.out.printf("Connecting %d clients...%n", groups.size() * size);
        List<Member> members = new ArrayList<>();
        try {
            // The n-th members of all groups, then the next ones: round-robin over this list moves from group to group.
            for (int n = 0; n < size; n++) {
                for (BenchGroup group : groups) {
                    members.add(member(http, group.members().get(n), group, listener));
                }
            }
            members.stream().map(member -> member.client().connect()).toList().forEach(CompletableFuture::join);
            return new GroupClients(members);
        } catch (RuntimeException e) {
            members.forEach(member -> member.client().close());
            throw e;
        }
    }

    private static Member member(Http http, SignedIn user, BenchGroup group, ChatListener listener) {
        DeviceId device = DeviceId.random();
        ChatClient client = ChatClient.builder().server(http.base()).httpClient(http.client())
                .user(user.userId(), user.identity()).deviceId(device)
                .accessToken(user::accessToken).listener(listener).build();
        return new Member(user, device, client, client.joinGroup(group.id()));
    }

    /** Every member: the first members of all groups, then the second ones, and so on. */
    List<Member> members() {
        return members;
    }

    @Override
    public void close() {
        members.forEach(member -> member.client().close());
    }
}
