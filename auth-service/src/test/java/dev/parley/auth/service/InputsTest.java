package dev.parley.auth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.auth.service.Inputs.BinaryField;

class InputsTest {

    @Test
    void anyNullOrBlankValueMeansFillInAllFields() {
        for (Object[] values : new Object[][] { { "a", null }, { "a", " " }, { "" } }) {
            ApiException missing = catchThrowableOfType(ApiException.class, () -> Inputs.requireFilled(values));

            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.error()).isEqualTo(ErrorCode.MISSING_FIELDS);
            assertThat(missing.getMessage()).isEqualTo(Inputs.FILL_IN_ALL_FIELDS);
        }
        assertThatCode(() -> Inputs.requireFilled("a", 0, 600000L)).doesNotThrowAnyException();
    }

    @Test
    void usernamesAreFiveToThirtyTwoAsciiLettersAndDigits() {
        assertThat(Inputs.usernameViolations("Alice")).isEmpty();
        assertThat(Inputs.usernameViolations("a".repeat(32))).isEmpty();
        assertThat(Inputs.usernameViolations("Al1ce")).isEmpty();
        assertThat(Inputs.usernameViolations("Alic")).containsExactly(Inputs.USERNAME_LENGTH);
        assertThat(Inputs.usernameViolations("a".repeat(33))).containsExactly(Inputs.USERNAME_LENGTH);
        assertThat(Inputs.usernameViolations("Alice_")).containsExactly(Inputs.USERNAME_CHARACTERS);
        assertThat(Inputs.usernameViolations("Alicé")).as("letters outside ASCII")
                .containsExactly(Inputs.USERNAME_CHARACTERS);
    }

    @Test
    void aUsernameBreakingBothRulesGetsBothMessages() {
        ApiException invalid = catchThrowableOfType(ApiException.class, () -> Inputs.requireValidUsername("a b"));

        assertThat(invalid.error()).isEqualTo(ErrorCode.INVALID_USERNAME);
        assertThat(invalid.details()).containsExactly(Inputs.USERNAME_LENGTH, Inputs.USERNAME_CHARACTERS);
        assertThat(invalid.toResponse().details()).hasSize(2);
    }

    @Test
    void binaryFieldsAreUnpaddedBase64UrlAndABadOneIsNamedWithItsOwnCode() {
        byte[] bytes = { (byte) 0xfb, (byte) 0xff, 0x01 };
        assertThat(Inputs.base64Url(BinaryField.VAULT, "-_8B")).containsExactly(bytes);
        assertThat(Inputs.base64Url(bytes)).isEqualTo("-_8B");

        ApiException padded = catchThrowableOfType(ApiException.class, () -> Inputs.base64Url(BinaryField.VAULT, "AA=="));
        assertThat(padded.error()).isEqualTo(ErrorCode.INVALID_VAULT);
        assertThat(padded.getMessage()).isEqualTo("vault must be base64url without padding.");

        ApiException plainBase64 = catchThrowableOfType(ApiException.class,
                () -> Inputs.base64Url(BinaryField.NEW_AUTH_KEY, "+/8B"));
        assertThat(plainBase64.error()).isEqualTo(ErrorCode.INVALID_NEW_AUTH_KEY);
        assertThat(plainBase64.getMessage()).isEqualTo("newAuthKey must be base64url without padding.");
    }

    @Test
    void keysAreExactlyThirtyTwoBytes() {
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[Inputs.KEY_BYTES]);
        String short1 = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[Inputs.KEY_BYTES - 1]);

        assertThat(Inputs.key(BinaryField.AUTH_KEY, key)).hasSize(32);
        ApiException tooShort = catchThrowableOfType(ApiException.class, () -> Inputs.key(BinaryField.PUBLIC_KEY, short1));
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.error()).isEqualTo(ErrorCode.INVALID_PUBLIC_KEY);
        assertThat(tooShort.getMessage()).isEqualTo("publicKey must be 32 bytes.");
    }

    @Test
    void eachBinaryFieldKeepsTheWireCodeItHadBeforeTheCatalog() {
        // The code used to be "invalid_" + the field's JSON name in snake case; clients match on it.
        for (BinaryField field : BinaryField.values()) {
            ApiException bad = catchThrowableOfType(ApiException.class, () -> Inputs.base64Url(field, "="));
            String json = bad.getMessage().substring(0, bad.getMessage().indexOf(' '));
            assertThat(bad.error().wire()).isEqualTo("invalid_" + json.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase());
        }
    }
}
