// Add friend, friend requests (sent and received), and the friend list with live presence.

import { field, formatLastSeen, h, replaceChildren, showResult, submitting } from '../dom.js';
import { canonicalUsername, usernameMessages } from '../protocol.js';

/** The add-friend page's refusals it can tell by itself (friend-service's texts, friend-service/README.md). */
const UNKNOWN_USERNAME = 'Unknown username!';
const CANNOT_ADD_YOURSELF = "You can't add yourself as a friend!";
const REQUEST_ALREADY_SENT = 'Friend request already sent!';
const ALREADY_FRIENDS = 'You are already friends!';

export function addFriendPage(app) {
  const result = h('p', { id: 'add-friend-result', hidden: true });
  const form = h('form', { id: 'add-friend-form', class: 'card narrow', novalidate: true },
    h('h1', {}, 'Add friend'),
    field('add-friend-username', "Your friend's username",
      { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' }),
    result,
    h('button', { id: 'add-friend-submit', type: 'submit', class: 'primary' }, 'Send friend request'));
  const input = form.querySelector('#add-friend-username');
  /** Canonical names of friends and of pending sent requests, read with the page and after every request. */
  let friends = new Set();
  let pending = new Set();

  async function load() {
    const [list, sent] = await Promise.all([app.api.get('/api/friends'), app.api.get('/api/friends/requests/sent')]);
    friends = new Set(list.map((friend) => canonicalUsername(friend.username)));
    pending = new Set(sent.filter((request) => request.status === 'pending')
      .map((request) => canonicalUsername(request.username)));
  }

  /**
   * The refusals known without asking: each would come back as an HTTP error, which the browser logs in red in the
   * console although nothing went wrong. A name the lists do not know still goes to the server, which has the last
   * word (an unknown but well-formed name gets its refusal from there).
   */
  function refusal(username) {
    if (usernameMessages(username).length > 0) return UNKNOWN_USERNAME;
    const canonical = canonicalUsername(username);
    if (canonical === canonicalUsername(app.session.username)) return CANNOT_ADD_YOURSELF;
    if (friends.has(canonical)) return ALREADY_FRIENDS;
    if (pending.has(canonical)) return REQUEST_ALREADY_SENT;
    return null;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const username = input.value.trim();
    if (!username) {
      showResult(result, 'error', 'Please fill in all fields');
      input.focus();
      return;
    }
    const known = refusal(username);
    if (known) {
      showResult(result, 'error', known);
      input.focus();
      return;
    }
    submitting(form, async () => {
      try {
        const answer = await app.api.post('/api/friends/requests', { username });
        showResult(result, 'success', answer.message);
        input.value = '';
      } finally {
        await load().catch(() => {});
      }
    }, (error) => {
      showResult(result, 'error', error.message);
      input.focus();
    });
  });
  // Without the lists every request goes to the server, which answers the same: no reason to show an error.
  return { element: form, title: 'Add friend', loaded: load().catch(() => {}) };
}

export function friendRequestsPage(app) {
  const result = h('p', { id: 'requests-result', hidden: true });
  const sentList = h('ul', { id: 'sent-list', class: 'list' });
  const receivedList = h('ul', { id: 'received-list', class: 'list' });
  const sentPanel = h('div', { id: 'sent-panel', role: 'tabpanel', 'aria-labelledby': 'tab-sent' }, sentList);
  const receivedPanel = h('div', { id: 'received-panel', role: 'tabpanel', 'aria-labelledby': 'tab-received' },
    receivedList,
    h('div', { class: 'buttons' },
      h('button', { id: 'approve', type: 'button', class: 'primary', onclick: () => decide('approve') }, 'Approve'),
      h('button', { id: 'reject', type: 'button', class: 'danger', onclick: () => decide('reject') }, 'Reject')));
  const tab = (id, text, panel) => h('button', { id, type: 'button', role: 'tab', class: 'tab', onclick: () => show(panel) }, text);
  const tabs = [tab('tab-received', 'Received requests', receivedPanel), tab('tab-sent', 'Sent requests', sentPanel)];
  const element = h('section', { class: 'card' },
    h('h1', {}, 'Friend requests'),
    h('div', { class: 'tabs', role: 'tablist' }, tabs),
    result, receivedPanel, sentPanel);

  function show(panel) {
    for (const [index, candidate] of [receivedPanel, sentPanel].entries()) {
      candidate.hidden = candidate !== panel;
      tabs[index].setAttribute('aria-selected', String(candidate === panel));
      tabs[index].classList.toggle('active', candidate === panel);
    }
  }

  async function load() {
    const [sent, received] = await Promise.all([
      app.api.get('/api/friends/requests/sent'), app.api.get('/api/friends/requests/received')]);
    replaceChildren(sentList, sent.length === 0 ? h('li', { class: 'empty' }, 'You have not sent any friend requests.')
      : sent.map((request) => h('li', { class: `request ${request.status}`, dataset: { username: request.username } },
        h('span', { class: 'name' }, request.username),
        h('span', { class: `status badge ${request.status}` }, request.status),
        request.status === 'pending'
          ? h('button', { type: 'button', class: 'cancel secondary small', onclick: () => cancel(request) }, 'Cancel')
          : null)));
    replaceChildren(receivedList, received.length === 0 ? h('li', { class: 'empty' }, 'No pending friend requests.')
      : received.map((request) => h('li', { class: 'request', dataset: { username: request.username } },
        h('label', {},
          h('input', { type: 'checkbox', value: request.username }),
          h('span', { class: 'name' }, request.username)))));
  }

  async function decide(action) {
    const usernames = [...receivedList.querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value);
    if (usernames.length === 0) {
      showResult(result, 'error', `Select at least one friend to ${action}.`);
      return;
    }
    try {
      const answer = await app.api.post(`/api/friends/requests/received/${action}`, { usernames });
      showResult(result, 'success', answer.message);
      await load();
    } catch (error) {
      showResult(result, 'error', error.message);
    }
  }

  async function cancel(request) {
    try {
      await app.api.delete(`/api/friends/requests/sent/${request.requestId}`);
      showResult(result, 'success', `Friend request to ${request.username} cancelled.`);
      await load();
    } catch (error) {
      showResult(result, 'error', error.message);
    }
  }

  show(receivedPanel);
  return { element, title: 'Friend requests', loaded: load() };
}

export function friendListPage(app) {
  const result = h('p', { id: 'friends-result', hidden: true });
  const list = h('ul', { id: 'friend-list', class: 'list' });
  const confirm = h('dialog', { id: 'remove-friend-dialog' });
  const element = h('section', { class: 'card' },
    h('h1', {}, 'Friend list'),
    list,
    result,
    h('div', { class: 'buttons' },
      h('button', { id: 'chat-button', type: 'button', class: 'primary', onclick: chat }, 'Chat'),
      h('button', { id: 'remove-friend-button', type: 'button', class: 'danger', onclick: askRemove }, 'Remove friend')),
    confirm);
  const presence = new Map();
  let friends = [];

  const selected = () => friends.find((friend) => friend.userId === list.querySelector('input[name=friend]:checked')?.value);

  function render() {
    const ticked = selected()?.userId;
    replaceChildren(list, friends.length === 0
      ? h('li', { class: 'empty' }, 'No friends yet. ', h('a', { href: '#/add-friend' }, 'Add a friend'), '.')
      : friends.map((friend) => {
        const state = presence.get(friend.userId);
        const online = state?.online === true;
        return h('li', { class: `friend ${online ? 'online' : 'offline'}`, dataset: { username: friend.username, userId: friend.userId } },
          h('label', {},
            h('input', { type: 'radio', name: 'friend', value: friend.userId, checked: friend.userId === ticked }),
            h('span', { class: 'dot', 'aria-hidden': 'true' }),
            h('span', { class: 'name' }, friend.username),
            friend.unread > 0 ? h('span', { class: 'unread badge', title: 'unread messages' }, String(friend.unread)) : null),
          h('span', { class: 'state' },
            h('span', { class: 'presence' }, online ? 'Online' : 'Offline'),
            online ? null : h('span', { class: 'last-seen' }, formatLastSeen(state?.lastSeen))));
      }));
  }

  async function load() {
    const [list, states, conversations] = await Promise.all([app.api.get('/api/friends'),
      app.api.get('/api/presence/friends'), app.api.get('/api/chat/conversations').catch(() => [])]);
    const unread = new Map(conversations.map((conversation) => [conversation.friend.userId, conversation.unread]));
    friends = list.map((friend) => ({ ...friend, unread: unread.get(friend.userId) ?? 0 }));
    states.forEach((state) => presence.set(state.userId, state));
    render();
  }

  function chat() {
    const friend = selected();
    if (!friend) {
      showResult(result, 'error', 'Select a friend to chat with.');
      return;
    }
    app.go('chat', friend.userId);
  }

  function askRemove() {
    const friend = selected();
    if (!friend) {
      showResult(result, 'error', 'Select a friend to remove.');
      return;
    }
    replaceChildren(confirm,
      h('p', {}, `Remove ${friend.username} from your friends? Neither of you will be able to message the other.`),
      h('div', { class: 'buttons' },
        h('button', { id: 'remove-friend-confirm', type: 'button', class: 'danger', onclick: () => remove(friend) }, 'Remove'),
        h('button', { type: 'button', class: 'secondary', onclick: () => confirm.close() }, 'Keep')));
    confirm.showModal();
  }

  async function remove(friend) {
    confirm.close();
    try {
      await app.api.delete(`/api/friends/${friend.userId}`);
      showResult(result, 'success', `${friend.username} is no longer your friend.`);
      await load();
    } catch (error) {
      showResult(result, 'error', error.message);
    }
  }

  // The socket this page listens to, kept here: a logout clears app.socket before the page is disposed of.
  const socket = app.socket;
  const onPresence = (event) => {
    presence.set(event.detail.userId, event.detail);
    render();
  };
  socket.addEventListener('presence', onPresence);
  // Pushed changes keep the list live; a periodic read repairs what a push cannot carry (a friendship that reached
  // the services after the friend went online, a friend added meanwhile) and ages "last seen 3 min ago".
  const refresh = () => load().catch(() => render());
  const onMessage = refresh;
  socket.addEventListener('message', onMessage);
  const timer = setInterval(refresh, 15_000);
  const onReconnect = (event) => event.detail.connected && refresh();
  socket.addEventListener('state', onReconnect);
  return {
    element,
    title: 'Friend list',
    loaded: load(),
    dispose: () => {
      clearInterval(timer);
      socket.removeEventListener('presence', onPresence);
      socket.removeEventListener('message', onMessage);
      socket.removeEventListener('state', onReconnect);
    },
  };
}
