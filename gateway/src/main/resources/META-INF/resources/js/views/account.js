// The account page: change password, log out everywhere, delete the account.

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
    passwordForm, everywhere, deleteForm);
  return { element, title: 'Account' };
}
