// One open conversation: its key, the pinned key of the friend, the history read so far with every message
// checked, live messages, and sending with this device's chain.

import { HistoryVerifier } from './history.js';
import { b64urlDecode, conversationKey, messageHeader, safetyNumber, sealMessage } from './protocol.js';

const PAGE_SIZE = 30;

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
   * Trust on first use: the first key seen for a friend is pinned in the vault; a different key later is shown as
   * a warning, and until the user accepts it messages stay under the pinned key and nothing can be sent.
   */
  async useKeys() {
    let pinned = this.session.pinnedKey(this.friend.userId);
    if (!pinned) {
      await this.session.pin(this.friend.userId, this.friend.publicKey);
      pinned = this.friend.publicKey;
    }
    this.keyChanged = pinned !== this.friend.publicKey;
    this.friendKey = pinned;
    this.key = await conversationKey(this.session.identity.privateKey, this.session.identity.publicKey,
      b64urlDecode(pinned), this.id);
    this.verifier = new HistoryVerifier(this.key, this.id, [this.session.userId, this.friend.userId]);
  }

  async acceptKeyChange() {
    await this.session.pin(this.friend.userId, this.friend.publicKey);
    await this.useKeys();
  }

  async safetyNumber() {
    return (await safetyNumber(this.session.identity.publicKey, b64urlDecode(this.friendKey))).text;
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

  /** The newest page, checked; live messages that arrive meanwhile wait until it is shown. */
  async loadNewest() {
    const page = await this.session.api.get(`/api/chat/conversations/${this.id}/messages?limit=${PAGE_SIZE}`);
    const entries = await this.checkOlder(page);
    this.newestId = page.messages.at(-1)?.id ?? null;
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

  /** The page before the oldest message shown (scrolling up). */
  async loadOlder() {
    if (!this.hasOlder || !this.oldestId) {
      return { entries: [], updates: new Map() };
    }
    const page = await this.session.api.get(
      `/api/chat/conversations/${this.id}/messages?before=${this.oldestId}&limit=${PAGE_SIZE}`);
    const results = await this.verifier.addOlder(page.messages, page.hasMore);
    return { entries: this.entries(page, results), updates: results };
  }

  async checkOlder(page) {
    const results = await this.verifier.addOlder(page.messages, page.hasMore);
    return this.entries(page, results);
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
    const checked = await this.verifier.addNewer(message);
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
    const checked = await this.verifier.addNewer(message);
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

  markRead() {
    if (this.newestId && document.visibilityState === 'visible') {
      this.session.api.post(`/api/chat/conversations/${this.id}/read`, { upTo: this.newestId }).catch(() => {});
    }
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
