import { html } from 'hono/html';
import type { PageContext } from '../context.js';
import { csrfField, inputField } from './fields.js';
import type { Flash, Html } from './html.js';
import { layout } from './layout.js';

/** The sign-in page: email and password, or an API token. */
export function signInPage(page: PageContext, values: { email?: string; next?: string }, flashes: Flash[] = []): Html {
  return layout(
    page,
    'Sign in',
    html`<div class="narrow">
    <h1>Sign in</h1>
    <p>Staff only. Use your email and password, or an API token.</p>
    <form method="post" action="${page.base}/sign-in" class="card stack">
      ${csrfField(page.csrf)}
      <input type="hidden" name="next" value="${values.next ?? ''}">
      ${inputField({ name: 'email', label: 'Email', type: 'email', value: values.email, autocomplete: 'username' })}
      ${inputField({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' })}
      <p class="or">or</p>
      ${inputField({ name: 'token', label: 'API token', type: 'password', autocomplete: 'off' })}
      <div class="actions"><button type="submit" class="btn btn-primary">Sign in</button></div>
    </form></div>`,
    flashes,
  );
}
