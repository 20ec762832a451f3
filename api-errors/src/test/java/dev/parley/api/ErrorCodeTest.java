package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void everyCodeHasAWireStringOfItsOwnInLowerSnakeCase() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::wire))
                .doesNotHaveDuplicates()
                .allMatch(wire -> wire.matches("[a-z]+(_[a-z]+)*"));
    }

    @Test
    void theWireStringIsTheConstantsNameInLowerCase() {
        // Keeps a constant findable from the string a client or a log shows.
        assertThat(ErrorCode.values()).allMatch(code -> code.wire().equals(code.name().toLowerCase()));
    }

    @Test
    void theServerFailureHasOneNameOnRestAndAnotherOnTheSocket() {
        assertThat(ErrorCode.INTERNAL_ERROR.wire()).isEqualTo("internal_error");
        assertThat(ErrorCode.SERVER_ERROR.wire()).isEqualTo("server_error");
    }

    @Test
    void anErrorResponseCarriesTheWireString() {
        ApiException conflict = ApiException.conflict(ErrorCode.VAULT_CONFLICT, "Changed elsewhere.");

        assertThat(conflict.toResponse()).isEqualTo(new ErrorResponse("vault_conflict", "Changed elsewhere.", List.of()));
        assertThat(ApiException.tooManyRequests("Slow down.", 0).toResponse().error()).isEqualTo("too_many_requests");
    }
}
