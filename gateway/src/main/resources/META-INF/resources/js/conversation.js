// One open conversation: its key, the pinned key of the friend, the history with every message checked (checks.js),
// live messages, and sending with this device's chain.

import { ConversationChecks } from './checks.js';
import { b64urlDecode, conversationKey, messageHeader, pinCheck, safetyNumber, sealMessage } from './protocol.js';

const PAGE_SIZE = 30;
/** At most one typing frame this often while the user types; the friend's page shows it for a little longer. */
const TYPING_EVERY_MS = 3_000;

export class Conversation extends EventTarget {
  constructor(session, socket, info) {
    super();
    this.session = session;
    this.socket = socket;
    this.id = info.id;
    this.friend = info.friend;
    this.oldestId = null;
    this.newestId = null;
    this.hasOlder = false;
    this.ready = false;
    this.queued = [];
    this.listeners = [];
    /** Ids of the messages shown: a live message may also come back in a catch-up. */
    this.known = new Set();
    /** How far the friend has read ({upTo, at}), when both have read receipts on; from history, then live. */
    this.friendRead = null;
    this.typingSentAt = 0;
  }

  /** The conversation with a friend (created on first use), its key derived and the friend's key pinned. */
  static async open(session, socket, friendId) {
    const info = await session.api.post('/api/chat/conversations', { friendId });
    const conversation = new Conversation(session, socket, info);
    await conversation.useKeys();
    conversation.listen();
    return conversation;
  }

  /**
   * The friend's key is checked against the pin before any conversation key is derived (PROTOCOL.md §5). Trust on
   * first use: the first key seen is pinned in the vault. A different key later, from the server or from another
   * device's vault (a merge conflict), is never used: the key stays derived from the pinned key, nothing can be sent,
   * and the chat room shows the warning with both safety numbers until the user accepts the new key.
   */
  async useKeys() {
    const friendId = this.friend.userId;
    let pinned = this.session.pinnedKey(friendId);
    if (pinCheck(pinned, this.friend.publicKey) === 'NOT_PINNED') {
      pinned = this.friend.publicKey;
      // Pinned in this page at once; without the password at hand (after a reload) the upload waits for it.
      await this.session.pin(friendId, pinned).catch((error) => {
        if (error.code !== 'password_required') {
          throw error;
        }
      });
    }
    const conflict = this.session.pinConflicts[friendId];
    this.presentedKey = pinCheck(pinned, this.friend.publicKey) === 'CHANGED' ? this.friend.publicKey : conflict ?? null;
    this.keyChanged = this.presentedKey !== null;
    this.friendKey = pinned;
    this.key = await conversationKey(this.session.identity.privateKey, this.session.identity.publicKey,
      b64urlDecode(pinned), this.id);
    this.checks = await ConversationChecks.load(this.key, this.id, this.session.userId, friendId);
  }

  /** The user compared the new safety number: pin the presented key (rejects with password_required after a reload). */
  async acceptKeyChange() {
    await this.session.acceptPin(this.friend.userId, this.presentedKey);
    await this.useKeys();
  }

  /** The safety number with the pinned key; with a key change also the one with the new key. */
  async safetyNumber() {
    return (await safetyNumber(this.session.identity.publicKey, b64urlDecode(this.friendKey))).text;
  }

  async presentedSafetyNumber() {
    return (await safetyNumber(this.session.identity.publicKey, b64urlDecode(this.presentedKey))).text;
  }

  listen() {
    const on = (type, handler) => {
      this.socket.addEventListener(type, handler);
      this.listeners.push([type, handler]);
    };
    on('message', (event) => {
      if (event.detail.conversationId === this.id) {
        this.live(event.detail);
      }
    });
    on('delivered', (event) => {
      if (event.detail.conversationId === this.id) {
        this.emit('delivered', event.detail);
      }
    });
    on('read', (event) => {
      if (event.detail.conversationId === this.id) {
        this.friendRead = { upTo: event.detail.upTo, at: event.detail.at };
        this.emit('read', this.friendRead);
      }
    });
    on('typing', (event) => {
      if (event.detail.conversationId === this.id && event.detail.from === this.friend.userId) {
        this.emit('typing', event.detail);
      }
    });
    on('state', (event) => {
      if (event.detail.connected && this.ready) {
        this.catchUp().catch((error) => this.emit('problem', error));
      }
    });
  }

  close() {
    this.listeners.forEach(([type, handler]) => this.socket.removeEventListener(type, handler));
    this.listeners = [];
  }

  /**
   * The newest page, every message checked in the server's order from where the checks stood: the first time this
   * browser opens the conversation that is its whole history, read back to the start; afterwards what came after the
   * last message checked. Live messages that arrive meanwhile wait until the page is shown.
   */
  async loadNewest() {
    const results = new Map();
    if (this.checks.lastId === null) {
      const all = await this.readWholeHistory();
      for (const message of all) {
        results.set(message.id, await this.checks.next(message));
      }
    } else {
      await this.readOn(this.checks.lastId, results);
    }
    await this.checks.save();
    const page = await this.session.api.get(`/api/chat/conversations/${this.id}/messages?limit=${PAGE_SIZE}`);
    this.friendRead = page.friendRead ?? null;
    for (const message of page.messages) {
      if (!results.has(message.id)) {
        results.set(message.id, await this.shownAgain(message));
      }
    }
    const entries = this.entries(page, results);
    this.newestId = page.messages.at(-1)?.id ?? this.checks.lastId;
    this.confirmDelivery(page.messages);
    this.ready = true;
    const queued = this.queued;
    this.queued = [];
    for (const frame of queued) {
      await this.live(frame);
    }
    this.markRead();
    return entries;
  }

  async readWholeHistory() {
    let page = await this.session.api.get(`/api/chat/conversations/${this.id}/messages?limit=${PAGE_SIZE}`);
    const all = [...page.messages];
    while (page.hasMore && page.messages.length > 0) {
      page = await this.session.api.get(
        `/api/chat/conversations/${this.id}/messages?before=${all[0].id}&limit=${PAGE_SIZE}`);
      all.unshift(...page.messages);
    }
    return all;
  }

  /** Reads and checks everything stored after a message, in order; results by message id. */
  async readOn(after, results) {
    let from = after;
    let page;
    do {
      page = await this.session.api.get(`/api/chat/conversations/${this.id}/messages?after=${from}&limit=${PAGE_SIZE}`);
      for (const message of page.messages) {
        results.set(message.id, await this.checks.next(message));
      }
      from = page.messages.at(-1)?.id ?? from;
    } while (page.hasMore && page.messages.length > 0);
    return page;
  }

  /** A message checked before (lastId is past it), shown again: compared with what was checked. */
  async shownAgain(message) {
    return this.checks.again(message);
  }

  /** The page before the oldest message shown (scrolling up): every message compared with its earlier check. */
  async loadOlder() {
    if (!this.hasOlder || !this.oldestId) {
      return { entries: [], updates: new Map() };
    }
    const page = await this.session.api.get(
      `/api/chat/conversations/${this.id}/messages?before=${this.oldestId}&limit=${PAGE_SIZE}`);
    const results = new Map();
    for (const message of page.messages) {
      results.set(message.id, await this.shownAgain(message));
    }
    return { entries: this.entries(page, results), updates: new Map() };
  }

  entries(page, results) {
    this.hasOlder = page.hasMore;
    if (page.messages.length > 0) {
      this.oldestId = page.messages[0].id;
    }
    page.messages.forEach((message) => this.known.add(message.id));
    return page.messages.map((message) => this.entry(message, results.get(message.id)));
  }

  entry(message, checked) {
    return {
      id: message.id,
      mine: message.senderId === this.session.userId,
      senderName: message.senderId === this.session.userId ? this.session.username : this.friend.username,
      storedAt: message.storedAt,
      deliveredAt: message.deliveredAt,
      result: checked?.result ?? 'MODIFIED',
      text: checked?.body?.text ?? null,
      sentAt: checked?.body?.sentAt ?? null,
    };
  }

  async live(frame) {
    if (!this.ready) {
      this.queued.push(frame);
      return;
    }
    if (this.known.has(frame.messageId)) {
      return;
    }
    this.known.add(frame.messageId);
    const message = { id: frame.messageId, senderId: frame.senderId, storedAt: frame.storedAt, envelope: frame.envelope };
    const checked = await this.checks.next(message);
    await this.checks.save();
    this.newestId = message.id;
    this.emit('message', this.entry(message, checked));
    this.markRead();
  }

  /** After a reconnect: everything stored after the newest message shown. */
  async catchUp() {
    let after = this.newestId;
    let page;
    do {
      const query = after ? `after=${after}&` : '';
      page = await this.session.api.get(`/api/chat/conversations/${this.id}/messages?${query}limit=${PAGE_SIZE}`);
      for (const message of page.messages) {
        await this.live({ messageId: message.id, senderId: message.senderId, storedAt: message.storedAt,
          envelope: message.envelope });
      }
      this.confirmDelivery(page.messages);
      after = page.messages.at(-1)?.id ?? after;
    } while (page.hasMore && page.messages.length > 0);
  }

  /**
   * Seals the text as the next message of this device's chain and sends it; resolves with the entry to show once
   * stored (null when a catch-up showed it first).
   */
  async send(text) {
    if (this.keyChanged) {
      throw new Error(`${this.friend.username}'s security key has changed. Check it before sending.`);
    }
    const chain = this.session.chain(this.id);
    const seq = chain.seq + 1;
    const header = messageHeader(this.id, this.session.userId, this.session.deviceId, seq, chain.hash);
    const sealed = await sealMessage(this.key, header, { text, sentAt: new Date().toISOString() });
    // The chain moves on when a message is sealed; a failed send is retried with the same envelope.
    this.session.advanceChain(this.id, seq, sealed.hash);
    const ack = await this.socket.sendEnvelope(crypto.randomUUID(), sealed.envelope);
    const message = { id: ack.messageId, senderId: this.session.userId, storedAt: ack.storedAt, envelope: sealed.envelope };
    if (this.known.has(ack.messageId)) {
      return null; // a catch-up after a reconnect showed it already
    }
    this.known.add(ack.messageId);
    const checked = await this.checks.sent(message);
    await this.checks.save();
    this.newestId = ack.messageId;
    return this.entry(message, checked);
  }

  /** Messages read from history that the friend's devices do not know this device has yet. */
  confirmDelivery(messages) {
    const newestFromFriend = messages.filter((message) => message.senderId === this.friend.userId).at(-1);
    if (newestFromFriend && !newestFromFriend.deliveredAt) {
      this.socket.confirmDelivery(this.id, newestFromFriend.id);
    }
  }

  /** The user typed: the friend hears of it, at most once every few seconds. */
  typing() {
    const now = Date.now();
    if (now - this.typingSentAt >= TYPING_EVERY_MS) {
      this.typingSentAt = now;
      this.socket.typing(this.id);
    }
  }

  /** The message just sent ends the typing: the next keystroke says so again at once. */
  typingEnded() {
    this.typingSentAt = 0;
  }

  /** Moves the read marker to the newest message shown, when the page is in view (else when it comes back). */
  markRead() {
    if (this.newestId && document.visibilityState === 'visible') {
      this.session.api.post(`/api/chat/conversations/${this.id}/read`, { upTo: this.newestId }).catch(() => {});
    }
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
