package dev.parley.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class StatusInBodyTest {

    @Test
    void thePreferenceIsFoundAmongOthersWhateverItsCaseAndParameters() {
        assertThat(StatusInBody.prefersStatusInBody(List.of("status-in-body"))).isTrue();
        assertThat(StatusInBody.prefersStatusInBody(List.of("respond-async, Status-In-Body"))).isTrue();
        assertThat(StatusInBody.prefersStatusInBody(List.of("wait=10", "status-in-body; strict"))).isTrue();
        assertThat(StatusInBody.prefersStatusInBody(List.of(" status-in-body=true"))).isTrue();
    }

    @Test
    void withoutThePreferenceStatusesStayAsTheyAre() {
        assertThat(StatusInBody.prefersStatusInBody(List.of())).isFalse();
        assertThat(StatusInBody.prefersStatusInBody(List.of("respond-async, wait=5"))).isFalse();
        assertThat(StatusInBody.prefersStatusInBody(List.of("status-in-body-please", "x-status-in-body"))).isFalse();
    }
}
