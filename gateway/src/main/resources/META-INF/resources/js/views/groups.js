// Groups outside their room: a group's line in a list (name, members, last activity, unread), and the "New group"
// dialog that creates one with some of the user's friends.

import { field, formatTime, h, replaceChildren, showFieldMessages, showResult, submitting } from '../dom.js';

/** chat-service's refusals of a new group (chat-service/README.md, Groups), said the way this page says things. */
const CREATE_REFUSALS = {
  invalid_group_name: 'A group name has 1 to 64 characters, and no control characters.',
  too_few_members: 'Select at least one friend for the group.',
  too_many_members: 'A group can have at most 50 members, you included. Select fewer friends.',
  duplicate_member: 'A friend was selected twice. Select each friend once.',
  not_a_friend: 'One of the people you selected is no longer your friend. The list is up to date now: select again.',
};

/** The time of a group's newest message or change. */
export function groupActivity(group) {
  return group.lastActivity ?? group.changedAt ?? group.createdAt;
}

/** A group's line: a link to its room with its name, how many members, its last activity and its unread count. */
export function groupItem(group, current = false) {
  const members = group.members?.length ?? 0;
  const activity = groupActivity(group);
  return h('li', { class: 'group-item conversation-item', dataset: { groupId: group.id, name: group.name } },
    h('a', { href: `#/group/${encodeURIComponent(group.id)}`, 'aria-current': current ? 'page' : false },
      h('span', { class: 'group-icon', 'aria-hidden': 'true' }, initials(group.name)),
      h('span', { class: 'group-text' },
        h('span', { class: 'name' }, group.name),
        h('span', { class: 'group-details' },
          h('span', { class: 'member-count' }, memberCount(members)),
          activity ? h('time', { datetime: activity }, formatTime(activity)) : null)),
      group.unread > 0 && !current
        ? h('span', { class: 'unread badge', title: 'unread messages' }, String(group.unread),
          h('span', { class: 'visually-hidden' }, ' unread'))
        : null));
}

/** "1 member", "3 members". */
export function memberCount(count) {
  return `${count} ${count === 1 ? 'member' : 'members'}`;
}

function initials(name) {
  return [...name.trim()].slice(0, 1).join('').toUpperCase() || '#';
}

/**
 * The "New group" dialog: a name and the friends to add (checkboxes). Refusals are shown in the dialog with what was
 * typed and ticked kept; when the server says a ticked person is no longer a friend, the list is read again, the
 * other ticks kept. onCreated gets the new group.
 */
export function newGroupDialog(app, onCreated) {
  const title = h('h2', { id: 'new-group-title' }, 'New group');
  const nameField = field('new-group-name', 'Group name', { autocomplete: 'off' });
  const name = nameField.querySelector('input');
  const friendList = h('ul', { id: 'new-group-friends', class: 'list' });
  const membersMessages = h('ul', { id: 'new-group-members-messages', class: 'field-errors', hidden: true });
  const result = h('p', { id: 'new-group-result', hidden: true });
  const form = h('form', { id: 'new-group-form', novalidate: true },
    title,
    nameField,
    h('fieldset', { class: 'members-choice', 'aria-describedby': 'new-group-members-messages' },
      h('legend', {}, 'Friends in the group'),
      friendList,
      membersMessages),
    result,
    h('div', { class: 'buttons' },
      h('button', { id: 'new-group-submit', type: 'submit', class: 'primary' }, 'Create group'),
      h('button', { id: 'new-group-cancel', type: 'button', class: 'secondary', onclick: () => dialog.close() },
        'Cancel')));
  const dialog = h('dialog', { id: 'new-group-dialog', 'aria-labelledby': 'new-group-title' }, form);

  const ticked = () => [...friendList.querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value);

  async function loadFriends() {
    const keep = new Set(ticked());
    const friends = await app.api.get('/api/friends');
    replaceChildren(friendList, friends.length === 0
      ? h('li', { class: 'empty' }, 'No friends yet. ', h('a', { href: '#/add-friend' }, 'Add a friend'), ' first.')
      : friends.map((friend) => h('li', { class: 'group-friend', dataset: { username: friend.username } },
        h('label', {},
          h('input', { type: 'checkbox', name: 'member', value: friend.userId, checked: keep.has(friend.userId) }),
          h('span', { class: 'name' }, friend.username)))));
  }

  function showMembersMessage(text) {
    replaceChildren(membersMessages, text ? h('li', {}, text) : null);
    membersMessages.hidden = !text;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    showResult(result, 'error', '');
    const groupName = name.value.trim();
    const members = ticked();
    showFieldMessages(name, groupName ? [] : ['Give the group a name.']);
    showMembersMessage(members.length === 0 ? 'Select at least one friend for the group.' : '');
    if (!groupName || members.length === 0) {
      (groupName ? friendList.querySelector('input') : name)?.focus();
      return;
    }
    submitting(form, async () => {
      const group = await app.api.post('/api/chat/groups', { name: groupName, members });
      dialog.close();
      onCreated(group);
    }, async (error) => {
      const text = CREATE_REFUSALS[error.code] ?? error.message;
      if (error.code === 'invalid_group_name') {
        showFieldMessages(name, [text]);
        name.focus();
      } else {
        showResult(result, 'error', text);
      }
      if (error.code === 'not_a_friend') {
        await loadFriends().catch(() => {});
      }
    });
  });

  return {
    element: dialog,
    /** Opens the dialog empty, with the friend list as it is now. */
    async open() {
      form.reset();
      showFieldMessages(name, []);
      showMembersMessage('');
      showResult(result, 'error', '');
      replaceChildren(friendList);
      await loadFriends();
      dialog.showModal();
      name.focus();
    },
  };
}
