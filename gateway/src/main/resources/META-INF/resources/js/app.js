// The web client's shell: the session, the chat socket, the navigation bar and the hash routes.

import { Api } from './api.js';
import { h, newestOnly, replaceChildren } from './dom.js';
import { Session, VaultVersionError } from './session.js';
import { ChatSocket, onFriendChanges, REQUEST_FRAMES } from './socket.js';
import { accountPage } from './views/account.js';
import { loginPage, signUpPage } from './views/auth.js';
import { chatPage } from './views/chat.js';
import { addFriendPage, friendListPage, friendRequestsPage } from './views/friends.js';
import { groupPage } from './views/group.js';
import { homePage } from './views/home.js';

const SESSION_ENDED = 'Your session has ended. Please log in again.';

const PUBLIC_PAGES = {
  login: loginPage,
  signup: signUpPage,
};

const PAGES = {
  home: homePage,
  'add-friend': addFriendPage,
  requests: friendRequestsPage,
  friends: friendListPage,
  chat: chatPage,
  group: groupPage,
  account: accountPage,
};

class App {
  constructor() {
    this.api = new Api();
    this.session = null;
    this.socket = null;
    this.current = null;
    this.main = document.getElementById('app');
    this.nav = document.getElementById('nav');
    this.publicHeader = document.getElementById('public-header');
    this.notice = document.getElementById('notice');
    this.announcer = document.getElementById('announcer');
    /** Unread messages by conversation or group id: their total goes in the tab's title. */
    this.unread = new Map();
    /** Friends' names by user id, for naming the sender of a message that arrives outside its room. */
    this.friendNames = new Map();
    /** Received friend requests waiting for an answer: their count is on "Friend requests" in the navigation. */
    this.pendingRequests = 0;
    this.readReceivedRequests = newestOnly(() => this.api.get('/api/friends/requests/received'));
    this.pageTitle = 'Parley';
    // The skip link jumps over the navigation to the page's heading; a plain #app link would be taken for a route.
    document.getElementById('skip-link').addEventListener('click', (event) => {
      event.preventDefault();
      this.focusHeading();
    });
    this.api.onTokenRefreshed = (answer) => this.socket?.refreshToken(answer.accessToken);
    this.api.onSessionEnded = () => this.ended(SESSION_ENDED);
    // Every tab of this browser ends with the session, whichever tab learns of it first.
    this.tabs = typeof BroadcastChannel === 'function' ? new BroadcastChannel('parley-session') : null;
    if (this.tabs) {
      this.tabs.onmessage = (event) => {
        if (event.data?.type === 'session-ended' && event.data.userId === this.session?.userId) {
          this.ended(SESSION_ENDED, false);
        }
      };
    }
    window.addEventListener('hashchange', () => this.route());
  }

  async start() {
    this.busy(true);
    try {
      this.session = await Session.restore(this.api);
    } catch (error) {
      if (error instanceof VaultVersionError) {
        this.vaultAlert(error);
      } else {
        this.flash(error.message);
      }
    }
    if (this.session) {
      this.signedIn(this.session, false);
    } else {
      this.publicHeader.hidden = false;
    }
    this.route();
  }

  /** After sign-up, login or a restored page: the socket opens and the navigation shows the user. */
  signedIn(session, go = true) {
    this.session = session;
    this.socket = new ChatSocket(session);
    this.socket.addEventListener('message', (event) => this.messageArrived(event.detail));
    this.socket.addEventListener('group-message', (event) => this.groupMessageArrived(event.detail));
    this.socket.addEventListener('group-changed', (event) => this.groupJoined(event.detail));
    this.socket.addEventListener('state', (event) => {
      document.body.dataset.connected = String(event.detail.connected);
    });
    // Counted when the socket connects (at sign-in and after each reconnect) and on every change to a request.
    onFriendChanges(this.socket, REQUEST_FRAMES, () => this.countRequests());
    this.socket.connect();
    this.unread.clear();
    this.friendNames.clear();
    this.pendingRequests = 0;
    this.countUnread();
    this.renderNav();
    if (go) {
      this.go('home');
    }
  }

  /** Ends the session in this tab, and (unless another tab said so) in every other tab of this browser. */
  async signOut(action, tellOtherTabs = true) {
    const session = this.session;
    if (session && tellOtherTabs) {
      this.tabs?.postMessage({ type: 'session-ended', userId: session.userId });
    }
    // The page goes first: its listeners and timers hang on the socket and the session, which end right after.
    this.leavePage();
    this.socket?.close();
    this.socket = null;
    this.session = null;
    this.nav.hidden = true;
    this.publicHeader.hidden = false;
    this.unread.clear();
    this.friendNames.clear();
    try {
      await action(session);
    } finally {
      this.go('login');
    }
  }

  ended(message, tellOtherTabs = true) {
    if (!this.session) {
      return;
    }
    this.signOut((session) => session.forget(), tellOtherTabs).then(() => this.flash(message));
  }

  /**
   * A key vault the server handed out was refused (rolled back, or another version than the server says): a red
   * alert that stays until dismissed, since it means the server's data was tampered with.
   */
  vaultAlert(error) {
    let alert = document.getElementById('vault-alert');
    if (!alert) {
      alert = h('div', { id: 'vault-alert', class: 'integrity-alert vault-alert', role: 'alert' });
      this.main.before(alert);
    }
    replaceChildren(alert,
      h('strong', {}, 'Key vault alert'),
      h('p', { class: 'vault-alert-text' }, error.message),
      h('button', { id: 'vault-alert-dismiss', type: 'button', class: 'secondary small', onclick: () => alert.remove() },
        'Dismiss'));
    alert.dataset.check = error.check;
  }

  /**
   * This device has the message: the sender sees it delivered, wherever this user is in the app. Outside its room a
   * notice names the sender and opens the chat when clicked, and the message counts in the tab's title. Messages of
   * the user's own other devices are no news to the user.
   */
  async messageArrived(frame) {
    this.socket.confirmDelivery(frame.conversationId, frame.messageId);
    const inThatRoom = this.current?.conversationId === frame.conversationId;
    if (inThatRoom || frame.senderId === this.session?.userId) {
      return;
    }
    this.unread.set(frame.conversationId, (this.unread.get(frame.conversationId) ?? 0) + 1);
    this.renderTitle();
    const session = this.session;
    const name = await this.friendName(frame.senderId);
    if (this.session !== session) {
      return;
    }
    const text = name ? `You have a new message from ${name}.` : 'You have a new message.';
    this.flash(text, 'info', () => this.go('chat', frame.senderId));
    this.announce(text);
  }

  /**
   * A group message, wherever the user is: the members who sent messages see them delivered to this device; outside
   * the group's room a notice names the group and opens it when clicked, and the message counts in the title.
   */
  async groupMessageArrived(frame) {
    this.socket.confirmGroupDelivery(frame.groupId, frame.messageId);
    if (this.current?.groupId === frame.groupId) {
      return;
    }
    this.unread.set(frame.groupId, (this.unread.get(frame.groupId) ?? 0) + 1);
    this.renderTitle();
    const session = this.session;
    const group = await this.api.get(`/api/chat/groups/${frame.groupId}`).catch(() => null);
    if (this.session !== session || !group) {
      return;
    }
    const text = `You have a new message in ${group.name}.`;
    this.flash(text, 'info', () => this.go('group', frame.groupId));
    this.announce(text);
  }

  /** Being put in a group by someone else is news wherever the user is: a notice names who and opens the group. */
  async groupJoined(frame) {
    const change = frame.change;
    const me = this.session?.userId;
    const joined = change && change.actorId !== me
      && (change.kind === 'created' || (change.kind === 'added' && change.subjectId === me));
    if (!joined || this.current?.groupId === frame.groupId) {
      return;
    }
    const session = this.session;
    const group = await this.api.get(`/api/chat/groups/${frame.groupId}`).catch(() => null);
    if (this.session !== session || !group) {
      return;
    }
    const by = group.members.find((member) => member.userId === change.actorId)?.username ?? 'Someone';
    const text = `${by} added you to ${group.name}.`;
    this.flash(text, 'info', () => this.go('group', frame.groupId));
    this.announce(text);
  }

  /** A friend's username, read once per session from the friend list; null when it cannot be read. */
  async friendName(userId) {
    if (!this.friendNames.has(userId)) {
      try {
        const friends = await this.api.get('/api/friends');
        friends.forEach((friend) => this.friendNames.set(friend.userId, friend.username));
      } catch {
        return null;
      }
    }
    return this.friendNames.get(userId) ?? null;
  }

  /** The unread counts the server keeps, read at sign-in; live messages add to them. */
  async countUnread() {
    const session = this.session;
    try {
      const [conversations, groups] = await Promise.all([this.api.get('/api/chat/conversations'),
        this.api.get('/api/chat/groups').catch(() => [])]);
      if (this.session === session) {
        [...conversations, ...groups].forEach((each) => this.unread.set(each.id, each.unread ?? 0));
        this.renderTitle();
      }
    } catch {
      // The title shows no count until the next message: nothing else depends on it.
    }
  }

  /** The received requests still pending, as friend-service has them now. */
  async countRequests() {
    const session = this.session;
    try {
      const received = await this.readReceivedRequests();
      if (received && this.session === session) {
        this.pendingRequests = received.length;
        this.renderRequestCount();
      }
    } catch {
      // The count stays as it was until the next change: nothing else depends on it.
    }
  }

  /** The count after "Friend requests" in the navigation; screen readers hear "Friend requests, 2 pending". */
  renderRequestCount() {
    const link = document.getElementById('nav-requests');
    const count = document.getElementById('nav-requests-count');
    if (!link) {
      return;
    }
    count.textContent = String(this.pendingRequests);
    count.hidden = this.pendingRequests === 0;
    if (this.pendingRequests > 0) {
      link.setAttribute('aria-label', `Friend requests, ${this.pendingRequests} pending`);
    } else {
      link.removeAttribute('aria-label');
    }
  }

  /** The user reads a conversation or a group (its room is open): it no longer counts as unread. */
  conversationRead(conversationId) {
    this.unread.delete(conversationId);
    this.renderTitle();
  }

  /** The tab's title: the page's, after the number of unread messages when there are any ("(3) Friend list · Parley"). */
  setTitle(title) {
    this.pageTitle = title ? `${title} · Parley` : 'Parley';
    this.renderTitle();
  }

  renderTitle() {
    const total = this.session ? [...this.unread.values()].reduce((sum, count) => sum + count, 0) : 0;
    document.title = total > 0 ? `(${total}) ${this.pageTitle}` : this.pageTitle;
  }

  /** Says a text through the polite live region, for screen readers; the same text twice is said twice. */
  announce(text) {
    this.announcer.textContent = '';
    setTimeout(() => {
      this.announcer.textContent = text;
    }, 50);
  }

  /**
   * Moves the focus to the page's heading, so that after a navigation or a login a screen reader starts on the new
   * page, and the next Tab goes into it rather than back through the navigation.
   */
  focusHeading() {
    const heading = this.main.querySelector('h1');
    const target = heading ?? this.main;
    if (heading) {
      heading.tabIndex = -1;
    }
    target.focus({ preventScroll: false });
  }

  go(page, ...parts) {
    const hash = `#/${[page, ...parts].join('/')}`;
    if (location.hash === hash) {
      this.route();
    } else {
      location.hash = hash;
    }
  }

  route() {
    const [name = '', ...params] = location.hash.replace(/^#\/?/, '').split('/');
    let page = PAGES[name] ?? PUBLIC_PAGES[name];
    if (this.session && (!page || PUBLIC_PAGES[name])) {
      return this.go('home');
    }
    if (!this.session && !PUBLIC_PAGES[name]) {
      return this.go('login');
    }
    this.leavePage();
    page = page ?? homePage;
    this.busy(true);
    document.body.dataset.page = name;
    const view = page(this, ...params.map(decodeURIComponent));
    this.current = view;
    replaceChildren(this.main, view.element);
    this.setTitle(view.title);
    this.highlight(name);
    // A page left while loading (a logout, another page) may fail to load; that is no error to show on the next one.
    Promise.resolve(view.loaded).catch((error) => this.current === view && this.flash(error.message)).finally(() => {
      if (this.current === view) {
        this.busy(false);
        this.focusHeading();
      }
    });
  }

  /** Disposes of the page shown (listeners, timers); a page that fails to clean up must not block navigation. */
  leavePage() {
    const page = this.current;
    this.current = null;
    try {
      page?.dispose?.();
    } catch (error) {
      console.warn('A page could not clean up:', error);
    }
  }

  renderNav() {
    const link = (id, page, text, ...more) => h('a', { id, href: `#/${page}`, dataset: { page } }, text, ...more);
    replaceChildren(this.nav,
      h('a', { class: 'brand', href: '#/home' }, 'Parley'),
      h('div', { class: 'links' },
        link('nav-home', 'home', 'Home'),
        link('nav-add-friend', 'add-friend', 'Add friend'),
        link('nav-friends', 'friends', 'Friend list'),
        link('nav-requests', 'requests', 'Friend requests',
          h('span', { id: 'nav-requests-count', class: 'badge count', 'aria-hidden': 'true', hidden: true })),
        link('nav-account', 'account', 'Account')),
      h('div', { class: 'user' },
        h('span', { class: 'signed-in-as' }, 'Signed in as ', h('strong', { id: 'nav-username' }, this.session.username)),
        h('button', { id: 'nav-logout', type: 'button', class: 'secondary', onclick: () => this.signOut((s) => s.logOut()) },
          'Log out')));
    this.renderRequestCount();
    this.nav.hidden = false;
    this.publicHeader.hidden = true;
  }

  highlight(name) {
    for (const link of this.nav.querySelectorAll('a[data-page]')) {
      link.classList.toggle('active', link.dataset.page === name
        || ((name === 'chat' || name === 'group') && link.dataset.page === 'friends'));
    }
  }

  busy(busy) {
    document.body.dataset.busy = String(busy);
  }

  /** A short notice at the top of the page; click it to act on it. */
  flash(text, kind = 'error', action = null) {
    replaceChildren(this.notice, h('span', {}, text));
    this.notice.className = `notice ${kind}`;
    this.notice.hidden = false;
    this.notice.onclick = () => {
      this.notice.hidden = true;
      action?.();
    };
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      this.notice.hidden = true;
    }, 6_000);
  }
}

const app = new App();
app.start();
