// Log in and sign up. The password only ever reaches the key derivation in protocol.js.

import { field, h, showErrors, submitting } from '../dom.js';
import { signUpMessages } from '../protocol.js';
import { Session, VaultVersionError } from '../session.js';

export function loginPage(app) {
  const errors = h('ul', { id: 'login-errors', class: 'errors', role: 'alert', hidden: true });
  const form = h('form', { id: 'login-form', class: 'card narrow', novalidate: true },
    h('h1', {}, 'Log in'),
    field('login-username', 'Username', { autocomplete: 'username', autofocus: true, autocapitalize: 'none', spellcheck: 'false' }),
    field('login-password', 'Password', { type: 'password', autocomplete: 'current-password' }),
    errors,
    h('button', { id: 'login-submit', type: 'submit', class: 'primary' }, 'Log in'),
    h('p', { class: 'switch' }, 'New to Parley? ', h('a', { id: 'to-signup', href: '#/signup' }, 'Create an account')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const username = form.querySelector('#login-username').value.trim();
    const password = form.querySelector('#login-password').value;
    if (!username || !password) {
      showErrors(errors, ['Please fill in all fields']);
      return;
    }
    showErrors(errors, []);
    submitting(form, async () => {
      app.signedIn(await Session.logIn(app.api, username, password));
    }, (error) => {
      showErrors(errors, [error.message]);
      if (error instanceof VaultVersionError) {
        app.vaultAlert(error);
      }
    });
  });
  return { element: form, title: 'Log in' };
}

export function signUpPage(app) {
  const errors = h('ul', { id: 'signup-errors', class: 'errors', role: 'alert', hidden: true });
  const form = h('form', { id: 'signup-form', class: 'card narrow', novalidate: true },
    h('h1', {}, 'Create your account'),
    field('signup-username', 'Username', { autocomplete: 'username', autofocus: true, autocapitalize: 'none', spellcheck: 'false' }),
    h('p', { class: 'hint' }, '5 to 32 letters and digits.'),
    field('signup-password', 'Password', { type: 'password', autocomplete: 'new-password' }),
    h('p', { class: 'hint' },
      '8 to 20 characters with a lowercase and an uppercase letter, a digit and a symbol; no character more than 3 times in a row. ',
      'Parley never receives your password: it cannot be reset, so keep it safe.'),
    field('signup-password-again', 'Password again', { type: 'password', autocomplete: 'new-password' }),
    errors,
    h('button', { id: 'signup-submit', type: 'submit', class: 'primary' }, 'Sign up'),
    h('p', { class: 'switch' }, 'Already have an account? ', h('a', { id: 'to-login', href: '#/login' }, 'Log in')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const username = form.querySelector('#signup-username').value.trim();
    const password = form.querySelector('#signup-password').value;
    const again = form.querySelector('#signup-password-again').value;
    const messages = signUpMessages(username, password, again);
    showErrors(errors, messages);
    if (messages.length > 0) {
      return;
    }
    submitting(form, async () => {
      app.signedIn(await Session.signUp(app.api, username, password));
    }, (error) => showErrors(errors, [error.message]));
  });
  return { element: form, title: 'Sign up' };
}
