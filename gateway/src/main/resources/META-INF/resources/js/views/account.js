// The account page: chat privacy (typing indicators, read receipts), change password, log out everywhere, delete the
// account.

import { field, h, showResult, submitting } from '../dom.js';
import { passwordMessages } from '../protocol.js';

export function accountPage(app) {
  const session = app.session;

  const passwordResult = h('p', { id: 'change-password-result', hidden: true });
  const passwordForm = h('form', { id: 'change-password-form', class: 'card narrow', novalidate: true },
    h('h2', {}, 'Change password'),
    h('p', { class: 'hint' }, 'Your keys are re-encrypted in this browser with the new password. Your other sessions end.'),
    field('current-password', 'Current password', { type: 'password', autocomplete: 'current-password' }),
    field('new-password', 'New password', { type: 'password', autocomplete: 'new-password' }),
    field('new-password-again', 'New password again', { type: 'password', autocomplete: 'new-password' }),
    passwordResult,
    h('button', { id: 'change-password-submit', type: 'submit', class: 'primary' }, 'Change password'));
  passwordForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = (id) => passwordForm.querySelector(`#${id}`).value;
    const current = value('current-password');
    const next = value('new-password');
    const again = value('new-password-again');
    if (!current || !next || !again) {
      showResult(passwordResult, 'error', 'Please fill in all fields');
      return;
    }
    const problems = passwordMessages(session.username, next, again);
    if (problems.length > 0) {
      showResult(passwordResult, 'error', problems.join(' '));
      return;
    }
    submitting(passwordForm, async () => {
      await session.changePassword(current, next);
      passwordForm.reset();
      showResult(passwordResult, 'success', 'Your password has been changed. Your other sessions have ended.');
    }, (error) => showResult(passwordResult, 'error', error.message));
  });

  const everywhere = h('section', { class: 'card narrow' },
    h('h2', {}, 'Log out everywhere'),
    h('p', { class: 'hint' }, 'Ends every session of yours, on every device, including this one.'),
    h('button', {
      id: 'logout-everywhere', type: 'button', class: 'secondary',
      onclick: () => app.signOut((s) => s.logOutEverywhere())
        .catch((error) => app.flash(error.message)),
    }, 'Log out everywhere'));

  const deleteResult = h('p', { id: 'delete-account-result', hidden: true });
  const confirmButton = h('button', { id: 'delete-account-confirm', type: 'button', class: 'danger', hidden: true },
    'Yes, delete my account for good');
  const deleteForm = h('form', { id: 'delete-account-form', class: 'card narrow danger-zone', novalidate: true },
    h('h2', {}, 'Delete account'),
    h('p', { class: 'hint' }, 'Deletes your account, your friendships and your messages from every Parley service. This cannot be undone.'),
    field('delete-password', 'Password', { type: 'password', autocomplete: 'current-password' }),
    deleteResult,
    h('div', { class: 'buttons' },
      h('button', { id: 'delete-account-submit', type: 'submit', class: 'danger' }, 'Delete account'),
      confirmButton));
  deleteForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!deleteForm.querySelector('#delete-password').value) {
      showResult(deleteResult, 'error', 'Please fill in all fields');
      return;
    }
    showResult(deleteResult, 'error', 'Are you sure? Everything of yours will be deleted.');
    confirmButton.hidden = false;
  });
  confirmButton.addEventListener('click', () => {
    const password = deleteForm.querySelector('#delete-password').value;
    confirmButton.hidden = true;
    submitting(deleteForm, async () => {
      await session.deleteAccount(password);
      await app.signOut(async () => {});
      app.flash('Your account has been deleted.', 'info');
    }, (error) => showResult(deleteResult, 'error', error.message));
  });

  const element = h('section', { class: 'account' },
    h('h1', {}, 'Account'),
    h('p', {}, 'Signed in as ', h('strong', {}, session.username), '.'),
    chatPrivacy(session), passwordForm, everywhere, deleteForm);
  return { element, title: 'Account' };
}

/**
 * Typing indicators and read receipts, each saved (chat-service, PUT /api/chat/settings) as soon as it is ticked or
 * cleared. Both work both ways: off, the user neither shows them to friends nor sees them from friends.
 */
function chatPrivacy(session) {
  const result = h('p', { id: 'chat-settings-result', hidden: true });
  const box = (id, name, explanation) => h('label', { class: 'setting', for: id },
    h('input', { id, name: id, type: 'checkbox', checked: true, disabled: true }),
    h('span', {}, h('strong', {}, name), `: ${explanation}`));
  const typing = box('typing-indicators', 'Typing indicators', 'friends see when I am typing, and I see when they are');
  const read = box('read-receipts', 'Read receipts',
    'friends see when I have read their messages, and I see when they have read mine');
  const inputs = [typing, read].map((label) => label.querySelector('input'));
  const [typingBox, readBox] = inputs;

  const show = (settings) => {
    typingBox.checked = settings.typingIndicators;
    readBox.checked = settings.readReceipts;
    inputs.forEach((input) => { input.disabled = false; });
  };
  session.api.get('/api/chat/settings').then(show)
    .catch((error) => showResult(result, 'error', `Your chat settings could not be read: ${error.message}`));

  const save = async (event) => {
    inputs.forEach((input) => { input.disabled = true; });
    try {
      show(await session.api.put('/api/chat/settings',
        { typingIndicators: typingBox.checked, readReceipts: readBox.checked }));
      showResult(result, 'success', 'Your chat settings have been saved.');
    } catch (error) {
      event.target.checked = !event.target.checked; // as it still is on the server
      inputs.forEach((input) => { input.disabled = false; });
      showResult(result, 'error', `Your chat settings were not saved: ${error.message}`);
    }
  };
  inputs.forEach((input) => input.addEventListener('change', save));

  return h('section', { id: 'chat-settings', class: 'card narrow' },
    h('h2', {}, 'Chat privacy'),
    h('p', { class: 'hint' }, 'Each setting works both ways: turned off, you neither share it nor see it from friends.'),
    typing, read, result);
}
