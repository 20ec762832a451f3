// The chat WebSocket: one per signed-in tab, open on every page, so messages, delivery and read receipts, typing
// indicators, friends' presence
// and changes to friend requests and friendships arrive wherever the user is. Browsers cannot set headers on a
// WebSocket, so the access token travels in Quarkus' bearer-token sub-protocol carrier (never in the URL, which ends
// up in logs).

const RECONNECT_DELAYS_MS = [500, 1_000, 2_000, 5_000, 10_000, 15_000];
/** Refusals the server says may be retried as they are (chat-service's README, error codes). */
const RETRYABLE = new Set(['overloaded', 'rate_limited', 'server_error']);

/**
 * The frames chat-service sends to both users when friend-service changes a request or a friendship between them
 * (chat-service's README). They carry ids only: pages read the lists again.
 */
export const REQUEST_FRAMES = ['friend-request-sent', 'friend-request-cancelled', 'friend-request-approved',
  'friend-request-rejected'];
/** The frames after which the friend list is another: a request approved, a friend removed. */
export const FRIENDSHIP_FRAMES = ['friend-request-approved', 'friend-removed'];
/** Every one of them: a removed friend also takes the requests between the two with them. */
export const FRIEND_FRAMES = [...REQUEST_FRAMES, 'friend-removed'];
/** The frames after which a group's line is another: its membership or name changed, or it has a new message. */
export const GROUP_FRAMES = ['group-changed', 'group-message'];

/**
 * Calls reload on each of these frames, and each time the socket is connected again, since what changed while it was
 * away was never pushed. Returns what stops it.
 */
export function onFriendChanges(socket, frames, reload) {
  const onState = (event) => event.detail.connected && reload();
  frames.forEach((type) => socket.addEventListener(type, reload));
  socket.addEventListener('state', onState);
  return () => {
    frames.forEach((type) => socket.removeEventListener(type, reload));
    socket.removeEventListener('state', onState);
  };
}

export class ChatSocket extends EventTarget {
  constructor(session) {
    super();
    this.session = session;
    this.socket = null;
    this.ready = false;
    this.closed = false;
    this.attempt = 0;
    this.reconnectTimer = null;
    /** Sends not yet acknowledged, by client message id: sent again after every reconnect, unchanged. */
    this.pending = new Map();
  }

  connect() {
    this.closed = false;
    const api = this.session.api;
    const url = `wss://${location.host}/ws/chat?device=${encodeURIComponent(this.session.deviceId)}`;
    const carrier = `quarkus-http-upgrade#Authorization#${encodeURIComponent(`Bearer ${api.accessToken}`)}`;
    const socket = new WebSocket(url, ['bearer-token-carrier', carrier]);
    this.socket = socket;
    socket.onmessage = (event) => this.received(event.data);
    socket.onclose = (event) => this.lost(socket, event);
  }

  /** Sends a sealed envelope; resolves with the ack (server id and time), rejects with the server's error. */
  sendEnvelope(clientId, envelope) {
    return new Promise((resolve, reject) => {
      const frame = JSON.stringify({ type: 'send', id: clientId, envelope });
      this.pending.set(clientId, { frame, resolve, reject });
      if (this.ready) {
        this.socket.send(frame);
      }
    });
  }

  /** Tells the sender's devices that this device has their messages up to messageId. */
  confirmDelivery(conversationId, messageId) {
    this.sendFrame({ type: 'delivered', conversationId, upTo: messageId });
  }

  /** Tells the friend's open clients that this user is typing in the conversation (nothing is stored). */
  typing(conversationId) {
    this.sendFrame({ type: 'typing', conversationId });
  }

  /** Tells the senders of a group's messages that this device has the group's messages up to messageId. */
  confirmGroupDelivery(groupId, messageId) {
    this.sendFrame({ type: 'group-delivered', groupId, upTo: messageId });
  }

  /** Tells the other members' open clients that this user is typing in the group. */
  typingInGroup(groupId) {
    this.sendFrame({ type: 'typing', groupId });
  }

  /** Hands the open socket a renewed access token, so it outlives the one it was opened with. */
  refreshToken(token) {
    this.sendFrame({ type: 'refresh', token });
  }

  close() {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.socket?.close(1000, 'bye');
    this.ready = false;
    for (const { reject } of this.pending.values()) {
      reject(new Error('Logged out before the message was sent.'));
    }
    this.pending.clear();
  }

  sendFrame(frame) {
    if (this.ready) {
      this.socket.send(JSON.stringify(frame));
    }
  }

  received(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    switch (frame.type) {
      case 'ready':
        this.ready = true;
        this.attempt = 0;
        for (const { frame: pendingFrame } of this.pending.values()) {
          this.socket.send(pendingFrame);
        }
        this.emit('state', { connected: true });
        break;
      case 'ack':
        this.settle(frame.id, (send) => send.resolve(frame));
        break;
      case 'error':
        if (frame.id && this.pending.has(frame.id) && !RETRYABLE.has(frame.code)) {
          // A stale_epoch refusal names the group's current epoch: the sender seals again for it.
          this.settle(frame.id, (send) => send.reject(Object.assign(new Error(frame.message),
            { code: frame.code, epoch: frame.epoch })));
        } else if (frame.id && this.pending.has(frame.id)) {
          // Retried as is: the server asks for it, and the envelope is stored at most once.
          const { frame: again } = this.pending.get(frame.id);
          setTimeout(() => this.ready && this.socket.send(again), 1_000);
        } else {
          this.emit('server-error', frame);
        }
        break;
      default:
        this.emit(frame.type, frame);
    }
  }

  settle(clientId, action) {
    const send = this.pending.get(clientId);
    if (send) {
      this.pending.delete(clientId);
      action(send);
    }
  }

  lost(socket, event) {
    if (socket !== this.socket) {
      return;
    }
    this.ready = false;
    this.emit('state', { connected: false });
    if (this.closed) {
      return;
    }
    if (event.code === 4003) {
      this.session.api.onSessionEnded(new Error('token rejected'));
      return;
    }
    const delay = RECONNECT_DELAYS_MS[Math.min(this.attempt, RECONNECT_DELAYS_MS.length - 1)];
    this.attempt += 1;
    this.reconnectTimer = setTimeout(async () => {
      // A refused upgrade looks like any lost connection to a page: a fresh token rules out an expired one. 4002: the
      // token expired. 4001: the session was revoked (logout elsewhere, logout everywhere, a password change); the
      // refresh confirms it: a revoked session refuses it, and the api ends the session (login page, every tab).
      if (event.code === 4001 || event.code === 4002 || event.code === 1006 || this.attempt > 1) {
        try {
          await this.session.api.refresh();
        } catch {
          if (!this.session.api.accessToken) {
            return;
          }
        }
      }
      if (!this.closed) {
        this.connect();
      }
    }, delay);
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
