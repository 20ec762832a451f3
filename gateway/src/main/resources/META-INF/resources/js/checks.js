// Every message of a conversation checked (PROTOCOL.md §4, 1.1), with the checks' state kept in IndexedDB, so that
// neither a reload nor a page boundary starts a chain anywhere.
//
// One MessageVerifier (protocol.js) per sender, as in the Java client: the friend's messages are checked against the
// friend, the user's own (from any of their devices, this tab included) against the user. Messages go through them in
// the order the server stored them, from the conversation's first message: the first time a browser opens a
// conversation it reads the whole history; afterwards it reads on from the last message checked (lastId). For each
// message checked, its hash and result are kept, so that a message shown again (the newest page after a reload, an
// older page on scrolling up) is compared with what was checked: the same authentic message keeps its result, a
// changed one is MODIFIED, one the checks never met among those already checked was slipped in
// (REPLAYED_OR_REORDERED).

import { transaction } from './db.js';
import { b64urlEncode, MessageVerifier, openEnvelope } from './protocol.js';

export class ConversationChecks {
  constructor(record, convKey, conversationId, userId, friendId) {
    this.record = record;
    this.convKey = convKey;
    this.conversationId = conversationId;
    this.userId = userId;
    this.friendId = friendId;
    this.verifiers = new Map([userId, friendId].map((sender) => [sender,
      MessageVerifier.resume(convKey, conversationId, sender, record.chains)]));
  }

  /** The checks of this user in this conversation as this browser left them; fresh ones the first time. */
  static async load(convKey, conversationId, userId, friendId) {
    const id = `${userId}/${conversationId}`;
    const record = await transaction('checks', 'readonly', (store) => store.get(id))
      ?? { id, userId, lastId: null, chains: [], seen: {} };
    return new ConversationChecks(record, convKey, conversationId, userId, friendId);
  }

  /** The newest message checked in the server's order: reading on starts after it. Null before the first. */
  get lastId() {
    return this.record.lastId;
  }

  knows(messageId) {
    return messageId in this.record.seen;
  }

  /**
   * The next message in the server's order (history read forward, a catch-up, a live message): checked by its
   * sender's verifier, or compared with the check made before if it was met already (this tab's own sends).
   */
  async next(message) {
    const checked = this.knows(message.id) ? await this.again(message) : await this.verify(message);
    this.record.lastId = message.id;
    return checked;
  }

  /** A message this tab just sent, checked at once; it comes again later in the server's order (next()). */
  async sent(message) {
    return this.knows(message.id) ? this.again(message) : this.verify(message);
  }

  /** A message read before lastId again (a page shown again): compared with what was checked then. */
  async again(message) {
    const kept = this.record.seen[message.id];
    const opened = await openEnvelope(this.convKey, this.conversationId, message.envelope);
    if (!opened) {
      return { result: 'MODIFIED' };
    }
    const body = opened.body;
    if (!kept) {
      return { result: 'REPLAYED_OR_REORDERED', body };
    }
    if (kept.h === null) {
      return { result: kept.r };
    }
    return kept.h === b64urlEncode(opened.hash) ? { result: kept.r, body } : { result: 'REPLAYED_OR_REORDERED', body };
  }

  async verify(message) {
    const verifier = this.verifiers.get(message.senderId);
    const checked = verifier ? await verifier.verify(message.envelope) : { result: 'WRONG_SENDER' };
    this.record.seen[message.id] = { h: checked.hash ? b64urlEncode(checked.hash) : null, r: checked.result };
    this.record.chains = [...this.verifiers.values()].flatMap((each) => each.state());
    return checked;
  }

  /** Keeps the checks in IndexedDB: after each batch of messages, and after each live one. */
  async save() {
    await transaction('checks', 'readwrite', (store) => store.put(this.record));
  }
}

/** Forgets every conversation's checks of a user (the account was deleted). */
export async function forgetChecks(userId) {
  await transaction('checks', 'readwrite', (store) => {
    const request = store.openCursor();
    request.onsuccess = () => {
      const cursor = request.result;
      if (cursor) {
        if (cursor.value.userId === userId) {
          cursor.delete();
        }
        cursor.continue();
      }
    };
    return request;
  });
}
