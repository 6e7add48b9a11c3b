import { html } from 'hono/html';
import type { PageContext } from '../context.js';
import { csrfField } from './fields.js';
import { notices, type Flash, type Html } from './html.js';

/** The page shell: head with the package's own CSS/JS, top bar, notices, main content. */
export function layout(page: PageContext, title: string, body: Html, flashes: readonly Flash[] = []): Html {
  const { base, user } = page;
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} · ${page.title}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${base}/static/admin.css">
  <script src="${base}/static/admin.js" defer></script>
</head>
<body>
  <a class="skip-link" href="#main">Skip to content</a>
  <header class="topbar">
    <a class="brand" href="${base}/">${page.title}</a>
    ${
      user
        ? html`<nav aria-label="Main">
      <a href="${base}/tickets">Tickets</a>
      <a href="${base}/tickets/new">New ticket</a>
      <a href="${base}/dashboard">Dashboard</a> <a href="${base}/calendars">Calendars</a> <a href="${base}/sla-policies">SLA policies</a>
      <a href="${base}/webhooks">Webhooks</a>
    </nav>
    <form class="signout" method="post" action="${base}/sign-out">
      ${csrfField(page.csrf)}
      <span class="who">${user.name}</span>
      <button type="submit" class="btn-link">Sign out</button>
    </form>`
        : ''
    }
  </header>
  <main id="main" tabindex="-1">
    ${notices(flashes)}
    ${body}
  </main>
</body>
</html>`;
}

/** A plain page with a heading and a message (errors, refusals). */
export function messagePage(page: PageContext, title: string, message: string): Html {
  return layout(
    page,
    title,
    html`<h1>${title}</h1>
      <p>${message}</p>
      ${page.user ? html`<p><a href="${page.base}/tickets">Back to tickets</a></p>` : ''}`,
  );
}
