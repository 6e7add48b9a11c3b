/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII fallback without quotes,
 * backslashes or control characters, plus the exact name percent-encoded. Always `attachment`, so
 * an uploaded HTML file is downloaded, never rendered in the API's origin.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%;]/gu, '_') || 'file';
  const encoded = encodeURIComponent(filename).replace(/['()*]/gu, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
