package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * A group's chains saved and resumed (PROTOCOL.md §4, 1.1, for §7): a restarted sender continues its chain, and a
 * restarted reader, or one made again for a new membership, accepts no replay and sees the next message as intact.
 */
class GroupChainStateTest {

    private static final String ALICE = TestVectors.userId("alice");

    private final DeviceId device = DeviceId.random();

    @Test
    void aResumedSendingChainContinuesWhereTheSavedOneStood() {
        GroupSendingChain chain = GroupSendingChain.start(GroupVectors.GROUP_ID, ALICE, device);
        GroupVerifier bob = GroupVectors.verifierFor("bob");
        assertThat(bob.verify(seal(chain, "one")).isIntact()).isTrue();

        GroupSendingChain resumed = GroupSendingChain.resume(SendingChainState.fromJson(chain.state().toJson()));

        assertThatThrownBy(() -> resumed.resealLast(body("one again"), GroupVectors.epoch(3),
                GroupVectors.pairKeysOf("alice"))).as("nothing sealed before the restart can be sealed again")
                .isInstanceOf(IllegalStateException.class);
        VerificationResult next = bob.verify(seal(resumed, "two"));
        assertThat(next.isIntact()).as(next.toString()).isTrue();
        assertThat(next.message().orElseThrow().header().seq()).isEqualTo(2);
    }

    @Test
    void aResumedVerifierFlagsAReplayAndAcceptsTheNextMessage() {
        GroupSendingChain chain = GroupSendingChain.start(GroupVectors.GROUP_ID, ALICE, device);
        String first = seal(chain, "one");
        GroupVerifier bob = GroupVectors.verifierFor("bob");
        assertThat(bob.verify(first).isIntact()).isTrue();

        GroupVerifier restarted = GroupVerifier.resume(GroupVerifierState.fromJson(bob.state().toJson()),
                GroupVectors.pairKeysOf("bob"), GroupVectors.epochs());

        assertThat(restarted.verify(first).problem()).contains(IntegrityProblem.REPLAYED_OR_REORDERED);
        assertThat(restarted.verify(seal(chain, "two")).isIntact()).isTrue();
    }

    @Test
    void aVerifierMadeAgainForANewMembershipKeepsItsChains() {
        GroupSendingChain chain = GroupSendingChain.start(GroupVectors.GROUP_ID, ALICE, device);
        GroupVerifier bob = GroupVectors.verifierFor("bob");
        bob.verify(seal(chain, "one"));
        seal(chain, "two, dropped by the server");

        GroupVerifier again = GroupVerifier.resume(bob.state(), GroupVectors.pairKeysOf("bob"), GroupVectors.epochs());

        assertThat(again.verify(seal(chain, "three")).problem()).contains(IntegrityProblem.DROPPED);
    }

    @Test
    void aMemberAddedAgainStartsEachChainAtTheFirstMessageReadInTheNewPeriod() {
        GroupSendingChain chain = GroupSendingChain.start(GroupVectors.GROUP_ID, ALICE, device);
        GroupVerifier carol = GroupVectors.verifierFor("carol");
        assertThat(carol.verify(seal(chain, "one", 1)).isIntact()).isTrue();
        seal(chain, "two, while Carol was not a member", 2);

        VerificationResult back = carol.verify(seal(chain, "three, Carol added again", 3));
        seal(chain, "four, dropped by the server", 3);
        GroupVerifier restarted = GroupVerifier.resume(GroupVerifierState.fromJson(carol.state().toJson()),
                GroupVectors.pairKeysOf("carol"), GroupVectors.epochs());

        assertThat(back.isIntact()).as("the messages of epoch 2 were never Carol's to read: " + back).isTrue();
        assertThat(restarted.verify(seal(chain, "five", 3)).problem())
                .as("the chain was met in the present period, as the saved state remembers").contains(IntegrityProblem.DROPPED);
    }

    @Test
    void aMemberSinceTheFirstEpochSeesAGapAcrossEpochs() {
        GroupSendingChain chain = GroupSendingChain.start(GroupVectors.GROUP_ID, ALICE, device);
        GroupVerifier bob = GroupVectors.verifierFor("bob");
        assertThat(bob.verify(seal(chain, "one", 1)).isIntact()).isTrue();
        seal(chain, "two, dropped by the server", 2);

        assertThat(bob.verify(seal(chain, "three", 3)).problem()).contains(IntegrityProblem.DROPPED);
    }

    @Test
    void theSavedStateReadsBackAsItWasWritten() {
        GroupSendingChain chain = GroupSendingChain.start(GroupVectors.GROUP_ID, ALICE, device);
        GroupVerifier bob = GroupVectors.verifierFor("bob");
        bob.verify(seal(chain, "one"));
        GroupVerifierState state = bob.state();

        GroupVerifierState read = GroupVerifierState.fromJson(state.toJson());

        assertThat(read.groupId()).isEqualTo(GroupVectors.GROUP_ID);
        assertThat(read.readerUserId()).isEqualTo(state.readerUserId());
        assertThat(read.chains()).isEqualTo(state.chains()).hasSize(1)
                .containsKey(new GroupVerifierState.Chain(ALICE, device));
        assertThat(read.chainEpochs()).isEqualTo(state.chainEpochs())
                .containsEntry(new GroupVerifierState.Chain(ALICE, device), 3L);
        assertThat(read.toJson()).isEqualTo(state.toJson());
        assertThatThrownBy(() -> GroupVerifierState.fromJson(state.toJson().replace("\"epoch\":3,", "")))
                .as("a saved chain without its epoch").isInstanceOf(ProtocolFormatException.class);
        assertThatThrownBy(() -> GroupVerifierState.fromJson(state.toJson().replace("\"seq\":1", "\"seq\":-1")))
                .isInstanceOf(ProtocolFormatException.class);
    }

    private static String seal(GroupSendingChain chain, String text) {
        return seal(chain, text, 3);
    }

    private static String seal(GroupSendingChain chain, String text, long epoch) {
        return chain.seal(body(text), GroupVectors.epoch(epoch), GroupVectors.pairKeysOf("alice")).toJson();
    }

    private static MessageBody body(String text) {
        return new MessageBody(text, Instant.now());
    }
}
