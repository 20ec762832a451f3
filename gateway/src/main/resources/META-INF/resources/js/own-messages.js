// The user's own group messages as this browser sent them. A group message is wrapped only for the other members
// (PROTOCOL.md §7, §8), so without a copy of its own the sender could not show what it wrote once the room is read
// again from history. The copy is kept in IndexedDB sealed with the kept wrapKey (a non-extractable key: scripts can
// use it, never read it), each under its own nonce and with the group and message ids as associated data, so a copy
// cannot be moved to another message. The server never sees it; a password change (a new wrapKey) leaves the old
// copies unreadable, and those messages then show as sent from another device.

import { transaction } from './db.js';
import { b64urlDecode, b64urlEncode, canonicalize, concatBytes, randomBytes, utf8 } from './protocol.js';

const subtle = globalThis.crypto.subtle;
const decoder = new TextDecoder('utf-8', { fatal: true });

export class OwnGroupMessages {
  constructor(session, groupId, record) {
    this.session = session;
    this.groupId = groupId;
    this.record = record;
  }

  static async load(session, groupId) {
    const id = `${session.userId}/own/${groupId}`;
    const record = await transaction('checks', 'readonly', (store) => store.get(id)).catch(() => null)
      ?? { id, userId: session.userId, sent: {} };
    return new OwnGroupMessages(session, groupId, record);
  }

  aad(messageId) {
    return utf8(`parley/v1/own-copy/${this.groupId}/${messageId}`);
  }

  /** Keeps the body of a message this browser sent (after the server stored it: its id is in the aad). */
  async keep(messageId, body) {
    const nonce = randomBytes(12);
    const sealed = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: this.aad(messageId) },
      this.session.wrapKey, utf8(canonicalize(body))));
    this.record.sent[messageId] = b64urlEncode(concatBytes(nonce, sealed));
    await transaction('checks', 'readwrite', (store) => store.put(this.record)).catch(() => {});
  }

  /** The body this browser sent as that message, or null when it holds none (another device sent it). */
  async text(messageId) {
    const kept = this.record.sent[messageId];
    if (!kept) {
      return null;
    }
    try {
      const bytes = b64urlDecode(kept);
      const plaintext = await subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12),
        additionalData: this.aad(messageId) }, this.session.wrapKey, bytes.subarray(12));
      const body = JSON.parse(decoder.decode(plaintext));
      return typeof body.text === 'string' && typeof body.sentAt === 'string' ? body : null;
    } catch {
      return null;
    }
  }
}
