// Log in and sign up. The password only ever reaches the key derivation in protocol.js.

import { field, focusFirstProblem, h, showErrors, showFieldMessages, submitting } from '../dom.js';
import { passwordMessages, SIGN_UP_MESSAGES, signUpMessages, usernameMessages } from '../protocol.js';
import { Session, VaultVersionError } from '../session.js';

export function loginPage(app) {
  const errors = h('ul', { id: 'login-errors', class: 'errors', hidden: true });
  const form = h('form', { id: 'login-form', class: 'card narrow', novalidate: true },
    h('h1', {}, 'Log in'),
    field('login-username', 'Username', { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' }),
    field('login-password', 'Password', { type: 'password', autocomplete: 'current-password' }),
    alertRegion(errors),
    h('button', { id: 'login-submit', type: 'submit', class: 'primary' }, 'Log in'),
    h('p', { class: 'switch' }, 'New to Parley? ', h('a', { id: 'to-signup', href: '#/signup' }, 'Create an account')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const inputs = [form.querySelector('#login-username'), form.querySelector('#login-password')];
    const username = inputs[0].value.trim();
    const password = inputs[1].value;
    if (!username || !password) {
      showErrors(errors, ['Please fill in all fields']);
      focusFirstProblem(inputs);
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
  const errors = h('ul', { id: 'signup-errors', class: 'errors', hidden: true });
  const form = h('form', { id: 'signup-form', class: 'card narrow', novalidate: true },
    h('h1', {}, 'Create your account'),
    field('signup-username', 'Username', { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' }),
    h('p', { class: 'hint' }, '5 to 32 letters and digits.'),
    field('signup-password', 'Password', { type: 'password', autocomplete: 'new-password' }),
    h('p', { class: 'hint' },
      '8 to 20 characters with a lowercase and an uppercase letter, a digit and a symbol; no character more than 3 times in a row. ',
      'Parley never receives your password: it cannot be reset, so keep it safe.'),
    field('signup-password-again', 'Password again', { type: 'password', autocomplete: 'new-password' }),
    alertRegion(errors),
    h('button', { id: 'signup-submit', type: 'submit', class: 'primary' }, 'Sign up'),
    h('p', { class: 'switch' }, 'Already have an account? ', h('a', { id: 'to-login', href: '#/login' }, 'Log in')));
  const usernameInput = form.querySelector('#signup-username');
  const passwordInput = form.querySelector('#signup-password');
  const againInput = form.querySelector('#signup-password-again');
  const inputs = [usernameInput, passwordInput, againInput];
  const touched = new Set();

  /**
   * Each rule's message next to the field it is about: the username's rules, the password's (being the username is
   * one), and the second password's match. As the user types, only fields typed into so far are judged.
   */
  function checkFields(all) {
    const username = usernameInput.value.trim();
    const password = passwordInput.value;
    const again = againInput.value;
    const judged = (input) => all || (touched.has(input) && input.value !== '');
    const mismatch = SIGN_UP_MESSAGES.passwordsDoNotMatch;
    showFieldMessages(usernameInput, judged(usernameInput) ? usernameMessages(username) : []);
    showFieldMessages(passwordInput, judged(passwordInput)
      ? passwordMessages(username, password, password).filter((message) => message !== mismatch) : []);
    showFieldMessages(againInput, judged(againInput) && again !== password ? [mismatch] : []);
  }
  for (const input of inputs) {
    input.addEventListener('input', () => {
      touched.add(input);
      checkFields(false);
    });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const username = usernameInput.value.trim();
    const password = passwordInput.value;
    const again = againInput.value;
    const messages = signUpMessages(username, password, again);
    showErrors(errors, messages);
    inputs.forEach((input) => touched.add(input));
    if (messages.length > 0) {
      // With a field left empty only that is said (PROTOCOL.md §1): the other fields' messages wait for it.
      if (messages[0] === SIGN_UP_MESSAGES.fillInAllFields) {
        inputs.forEach((input) => showFieldMessages(input, input.value ? [] : [messages[0]]));
      } else {
        checkFields(true);
      }
      focusFirstProblem(inputs);
      return;
    }
    submitting(form, async () => {
      app.signedIn(await Session.signUp(app.api, username, password));
    }, (error) => {
      showErrors(errors, [error.message]);
      if (error.code === 'username_taken') {
        showFieldMessages(usernameInput, [error.message]);
        usernameInput.focus();
      }
    });
  });
  return { element: form, title: 'Sign up' };
}

/**
 * The form's error list inside a live region that says it at once (role=alert): the role stays off the list itself,
 * which would stop being a list for screen readers.
 */
function alertRegion(errors) {
  return h('div', { role: 'alert' }, errors);
}
