import { describe, expect, it } from 'vitest';
import { STORE_KINDS, useFixture } from './fixture.js';

const LIMIT = 1024;

function form(fields: Record<string, string | File>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

const file = (size: number, name = 'screenshot.png', type = 'image/png') => new File([new Uint8Array(size).fill(7)], name, { type });

/** A request body that yields `chunk`-sized pieces forever, counting what was pulled. */
function endlessBody(chunk: number) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled += chunk;
      controller.enqueue(new Uint8Array(chunk));
    },
  });
  return { stream, state };
}

describe.each(STORE_KINDS)('attachments (%s store)', (kind) => {
  const f = useFixture(kind, { uploadLimitBytes: LIMIT });

  it('uploads via add_attachment (201) and streams the bytes back with safe headers', async () => {
    const t = await f.ticket();
    const res = await f.call(f.alice, 'POST', `/tickets/${t.id}/add_attachment/`, form({ file: file(100), description: 'Screenshot of error message' }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: 1,
      ticket: t.id,
      filename: 'screenshot.png',
      file_size: 100,
      file_size_display: '100 B',
      content_type: 'image/png',
      description: 'Screenshot of error message',
      uploaded_by: f.alice.id,
      uploaded_at: '2025-01-15T12:00:00Z',
      download_url: 'http://localhost/api/ticketing/attachments/1/download/',
    });
    const download = await f.request(f.alice, 'GET', '/attachments/1/download/');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="screenshot.png"; filename*=UTF-8''screenshot.png`);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(bytes.length).toBe(100);
    expect(bytes.every((b) => b === 7)).toBe(true);
    const detail = await f.call(f.alice, 'GET', `/tickets/${t.id}/`);
    expect(detail.body.attachments).toEqual([res.body]);
    expect(detail.body.history.at(-1)).toMatchObject({ action: 'attachment_added', new_value: 'screenshot.png' });
  });

  it('accepts a file of exactly the limit and refuses one byte more with 413', async () => {
    const t = await f.ticket();
    const exact = await f.call(f.alice, 'POST', `/tickets/${t.id}/add_attachment/`, form({ file: file(LIMIT) }));
    expect(exact.status).toBe(201);
    expect(exact.body.file_size_display).toBe('1.0 KB');
    const over = await f.call(f.alice, 'POST', `/tickets/${t.id}/add_attachment/`, form({ file: file(LIMIT + 1) }));
    expect(over.status).toBe(413);
    expect(over.body.detail).toMatch(/limit/);
    expect((await f.call(f.alice, 'GET', `/attachments/?ticket=${t.id}`)).body.count).toBe(1);
  });

  it('refuses a huge declared upload before reading it, and cuts off an undeclared one', async () => {
    const t = await f.ticket();
    const url = `http://localhost/api/ticketing/tickets/${t.id}/add_attachment/`;
    const headers = { Authorization: `Bearer ${f.alice.token}`, 'Content-Type': 'multipart/form-data; boundary=xyz' };

    const declared = endlessBody(64 * 1024);
    const gig = await f.app.request(
      new Request(url, { method: 'POST', headers: { ...headers, 'Content-Length': String(1024 ** 3) }, body: declared.stream, duplex: 'half' } as RequestInit),
    );
    expect(gig.status).toBe(413);
    expect(declared.state.pulled).toBeLessThanOrEqual(2 * 64 * 1024);

    const chunked = endlessBody(16 * 1024);
    const res = await f.app.request(new Request(url, { method: 'POST', headers, body: chunked.stream, duplex: 'half' } as RequestInit));
    expect(res.status).toBe(413);
    expect(chunked.state.pulled).toBeLessThan(LIMIT + 64 * 1024 + 3 * 16 * 1024);
  });

  it('sanitizes filenames and writes a safe Content-Disposition', async () => {
    const t = await f.ticket();
    const traversal = await f.call(f.alice, 'POST', `/tickets/${t.id}/add_attachment/`, form({ file: file(5, '../../etc/passwd', 'text/plain') }));
    expect(traversal.status).toBe(201);
    expect(traversal.body.filename).toBe('passwd');
    const odd = await f.call(f.alice, 'POST', `/tickets/${t.id}/add_attachment/`, form({ file: file(5, 'r\u00e9sum\u00e9 "final";.txt', 'text/html\r\nX-Evil: 1') }));
    expect(odd.status).toBe(201);
    expect(odd.body.content_type).toBe('application/octet-stream');
    const download = await f.request(f.alice, 'GET', `/attachments/${odd.body.id}/download/`);
    const disposition = download.headers.get('content-disposition')!;
    // Core drops the quotes; the ASCII fallback replaces non-ASCII and `;`, the exact name is percent-encoded.
    expect(odd.body.filename).toBe('r\u00e9sum\u00e9 final;.txt');
    expect(disposition).toBe(`attachment; filename="r_sum_ final_.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20final%3B.txt`);
  });

  it('uploads through /attachments/ with a ticket field, validating it', async () => {
    const t = await f.ticket();
    const ok = await f.call(f.alice, 'POST', '/attachments/', form({ ticket: String(t.id), file: file(10, 'error.log', 'text/plain'), description: 'Error log file' }));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ ticket: t.id, filename: 'error.log', description: 'Error log file' });
    expect(await f.call(f.alice, 'POST', '/attachments/', form({ ticket: '999', file: file(10) }))).toMatchObject({
      status: 400,
      body: { ticket: ['Invalid pk "999" - object does not exist.'] },
    });
    expect((await f.call(f.alice, 'POST', '/attachments/', form({ ticket: 'abc', file: file(10) }))).body).toHaveProperty('ticket');
    expect(await f.call(f.alice, 'POST', '/attachments/', form({ ticket: String(t.id) }))).toMatchObject({ status: 400, body: { file: ['No file was submitted.'] } });
    const json = await f.call(f.alice, 'POST', `/tickets/${t.id}/add_attachment/`, { file: 'x' });
    expect(json.status).toBe(400);
    expect(json.body).toHaveProperty('file');
    expect((await f.call(f.alice, 'POST', '/tickets/999/add_attachment/', form({ file: file(1) }))).status).toBe(404);
  });

  it('lists with ?ticket, shows metadata, deletes (204) with history and 404 after', async () => {
    const a = await f.ticket();
    const b = await f.ticket();
    await f.call(f.alice, 'POST', `/tickets/${a.id}/add_attachment/`, form({ file: file(3, 'a.txt') }));
    const up = await f.call(f.alice, 'POST', `/tickets/${b.id}/add_attachment/`, form({ file: file(3, 'b.txt') }));
    expect((await f.call(f.alice, 'GET', '/attachments/')).body.count).toBe(2);
    expect((await f.call(f.alice, 'GET', `/attachments/?ticket=${b.id}`)).body.results.map((x: { filename: string }) => x.filename)).toEqual(['b.txt']);
    expect((await f.call(f.alice, 'GET', `/attachments/${up.body.id}/`)).body).toEqual(up.body);
    const del = await f.request(f.alice, 'DELETE', `/attachments/${up.body.id}/`);
    expect(del.status).toBe(204);
    expect((await f.call(f.alice, 'GET', `/attachments/${up.body.id}/download/`)).status).toBe(404);
    expect((await f.call(f.alice, 'GET', `/history/?ticket=${b.id}&action=attachment_removed`)).body.results).toEqual([
      expect.objectContaining({ old_value: 'b.txt', new_value: null }),
    ]);
    expect((await f.call(f.alice, 'GET', '/attachments/abc/download/')).status).toBe(404);
  });
});
