package dev.parley.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The key vault (PROTOCOL.md §2): the identity key pair and the pinned public keys of friends,
 * sealed with the wrapKey so that the server can store it without reading it.
 *
 * <p>Sealed form: {@code nonce(12) || AES-256-GCM(wrapKey, nonce, UTF8(vaultJson),
 * aad = UTF8("parley/v1/vault/" + canonicalUsername))}, where vaultJson is the canonical JSON
 * {@code {"n":7,"pins":{"<user id>":"<b64url public key>",...},"v":1,"x25519":"<b64url PKCS#8>"}}.
 * {@code n} (version 1.1) is the server's vault version the upload creates, sealed with the keys so that a server
 * cannot hand back an older vault unnoticed ({@link VaultVersionCheck}); a vault without it, made before 1.1,
 * opens as {@code n = 0}.
 *
 * <p>Not thread-safe: a client keeps one vault and changes it from one place.
 */
public final class KeyVault {

    static final int VERSION = 1;

    private static final Set<String> KEYS = Set.of("v", "x25519", "pins");
    private static final Set<String> KEYS_WITH_VERSION = Set.of("v", "n", "x25519", "pins");
    /** The version sign-up creates. */
    private static final long FIRST_VERSION = 1;

    private final IdentityKeyPair identity;
    private final Map<String, IdentityPublicKey> pins;
    private final long version;

    private KeyVault(IdentityKeyPair identity, Map<String, IdentityPublicKey> pins, long version) {
        this.identity = identity;
        this.pins = pins;
        this.version = version;
    }

    /** A vault holding {@code identity} and no pins yet, as at sign-up: version 1. */
    public static KeyVault create(IdentityKeyPair identity) {
        return new KeyVault(identity, new TreeMap<>(), FIRST_VERSION);
    }

    /** The same keys and pins, to be sealed as version {@code n}. */
    public KeyVault withVersion(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("a vault version is at least 1");
        }
        return new KeyVault(identity, new TreeMap<>(pins), n);
    }

    /** The version sealed in the vault ({@code n}); 0 for a vault made before version 1.1. */
    public long version() {
        return version;
    }

    public IdentityKeyPair identity() {
        return identity;
    }

    /** Pins {@code publicKey} for {@code userId}, replacing a pin the user has accepted to change. */
    public void pin(String userId, IdentityPublicKey publicKey) {
        if (userId.isEmpty()) {
            throw new IllegalArgumentException("a pin needs a user id");
        }
        pins.put(userId, publicKey);
    }

    public Optional<IdentityPublicKey> pinnedKey(String userId) {
        return Optional.ofNullable(pins.get(userId));
    }

    /** Compares the key the server now returns for {@code userId} with the pinned one. */
    public PinCheck check(String userId, IdentityPublicKey presentedKey) {
        IdentityPublicKey pinned = pins.get(userId);
        if (pinned == null) {
            return PinCheck.NOT_PINNED;
        }
        return pinned.equals(presentedKey) ? PinCheck.MATCHES : PinCheck.CHANGED;
    }

    /** The pins by user id, read-only. */
    public Map<String, IdentityPublicKey> pins() {
        return Collections.unmodifiableMap(pins);
    }

    /**
     * Takes over the pins of {@code stored} (the vault another device uploaded) that this vault lacks. A stored pin
     * that differs from this vault's is never taken over silently: this vault keeps its own, and the difference is
     * returned so that the user gets the key-change warning (PROTOCOL.md §2, 1.1).
     */
    public List<PinConflict> mergePins(Map<String, IdentityPublicKey> stored) {
        List<PinConflict> conflicts = new ArrayList<>();
        stored.forEach((userId, key) -> {
            IdentityPublicKey mine = pins.putIfAbsent(userId, key);
            if (mine != null && !mine.equals(key)) {
                conflicts.add(new PinConflict(userId, mine, key));
            }
        });
        return conflicts;
    }

    /**
     * The sealed vault, with a fresh random nonce and this vault's {@link #version()} as {@code n}, ready to upload
     * (use {@link #withVersion} for the version the upload creates). After a password change, open the vault with
     * the old keys and seal it with the new ones.
     */
    public byte[] seal(PasswordKeys keys) {
        return seal(keys.wrapKey(), keys.canonicalUsername(), RandomBytes.of(AesGcm.NONCE_LENGTH));
    }

    /** Sealing with a chosen nonce exists for the test vectors; a nonce must never be used twice with one key. */
    byte[] seal(WrapKey wrapKey, String username, byte[] nonce) {
        byte[] ciphertext = AesGcm.seal(wrapKey.bytes(), nonce, CanonicalJson.serializeToUtf8(toJson()), aad(username));
        byte[] sealed = Arrays.copyOf(nonce, nonce.length + ciphertext.length);
        System.arraycopy(ciphertext, 0, sealed, nonce.length, ciphertext.length);
        return sealed;
    }

    /**
     * Opens a vault sealed by this or any other Parley client for the user these keys belong to.
     *
     * @throws VaultOpenException if the vault is not authentic for these keys, or does not hold
     *                            a version 1 vault
     */
    public static KeyVault open(byte[] sealed, PasswordKeys keys) throws VaultOpenException {
        return open(sealed, keys.wrapKey(), keys.canonicalUsername());
    }

    static KeyVault open(byte[] sealed, WrapKey wrapKey, String username) throws VaultOpenException {
        if (sealed.length < AesGcm.NONCE_LENGTH + AesGcm.TAG_LENGTH) {
            throw new VaultOpenException(VaultOpenException.Reason.NOT_AUTHENTIC, "the vault is shorter than a nonce and a tag");
        }
        byte[] nonce = Arrays.copyOf(sealed, AesGcm.NONCE_LENGTH);
        byte[] ciphertext = Arrays.copyOfRange(sealed, AesGcm.NONCE_LENGTH, sealed.length);
        byte[] vaultJson = AesGcm.open(wrapKey.bytes(), nonce, ciphertext, aad(username))
                .orElseThrow(() -> new VaultOpenException(VaultOpenException.Reason.NOT_AUTHENTIC,
                        "the vault does not open with this password and username, or it was changed"));
        try {
            return fromJson(StrictJson.parse(Utf8.decode(vaultJson), "the vault"));
        } catch (ProtocolFormatException e) {
            throw new VaultOpenException(VaultOpenException.Reason.UNREADABLE, "the vault opened but is not a version 1 vault", e);
        }
    }

    ObjectNode toJson() {
        ObjectNode json = StrictJson.newObject();
        json.put("v", VERSION);
        if (version > 0) {
            json.put("n", version);
        }
        json.put("x25519", Base64Url.encode(identity.privateKeyPkcs8()));
        ObjectNode pinsJson = json.putObject("pins");
        pins.forEach((userId, key) -> pinsJson.put(userId, key.toBase64Url()));
        return json;
    }

    private static KeyVault fromJson(JsonNode json) {
        ObjectNode vault = StrictJson.objectWithKeys(json, "the vault", json.has("n") ? KEYS_WITH_VERSION : KEYS);
        if (StrictJson.integer(vault, "v", "the vault") != VERSION) {
            throw new ProtocolFormatException("the vault is not version " + VERSION);
        }
        long n = vault.has("n") ? StrictJson.integer(vault, "n", "the vault") : 0;
        if (vault.has("n") && n < 1) {
            throw new ProtocolFormatException("a vault's n is at least 1");
        }
        IdentityKeyPair identity = IdentityKeyPair.fromPkcs8(Base64Url.decode(StrictJson.string(vault, "x25519", "the vault")));
        Map<String, IdentityPublicKey> pins = new TreeMap<>();
        for (Map.Entry<String, JsonNode> pin : StrictJson.object(vault.get("pins"), "the vault's pins").properties()) {
            if (!pin.getValue().isTextual()) {
                throw new ProtocolFormatException("a pinned key must be a base64url string");
            }
            pins.put(pin.getKey(), IdentityPublicKey.fromBase64Url(pin.getValue().textValue()));
        }
        return new KeyVault(identity, pins, n);
    }

    private static byte[] aad(String username) {
        return Utf8.encode("parley/v1/vault/" + Usernames.canonicalize(username));
    }
}
