import type { Hono } from 'hono';
import { ADMIN_BASE, STAFF_PASSWORD } from './admin-fixture.js';

/** A tiny browser stand-in for `app.request`: keeps cookies, reads CSRF tokens from pages. */
export class AdminClient {
  readonly cookies = new Map<string, string>();
  lastCsrf = '';

  constructor(private readonly app: Hono) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/max-age=0/iu.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('Cookie', this.cookieHeader());
    const res = await this.app.request(path.startsWith('/') ? path : `${ADMIN_BASE}/${path}`, { ...init, headers });
    this.remember(res);
    return res;
  }

  /** GETs a page and remembers its CSRF token. */
  async page(path: string): Promise<{ res: Response; html: string }> {
    const res = await this.request(path);
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/u.exec(html)?.[1];
    if (token) this.lastCsrf = token;
    return { res, html };
  }

  /** POSTs a urlencoded form; `_csrf` defaults to the last token seen (pass `null` to omit it). */
  async post(path: string, fields: Record<string, string | string[]>, csrf: string | null = this.lastCsrf): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const item of [v].flat()) body.append(k, item);
    if (csrf !== null) body.set('_csrf', csrf);
    return this.request(path, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
  }

  /** POSTs multipart form data (the CSRF token is added unless `csrf` is null). */
  async postMultipart(path: string, form: FormData, csrf: string | null = this.lastCsrf): Promise<Response> {
    if (csrf !== null) form.set('_csrf', csrf);
    return this.request(path, { method: 'POST', body: form });
  }

  /** Signs in through the form with email/password (default: the fixture's staff user). */
  async signIn(email = 'sam@tessera.test', password = STAFF_PASSWORD): Promise<Response> {
    await this.page('sign-in');
    return this.post('sign-in', { email, password });
  }
}
