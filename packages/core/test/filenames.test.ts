import { describe, expect, it } from 'vitest';
import { sanitizeFilename } from '../src/index.js';

describe('sanitizeFilename: characters that change how a name displays', () => {
  it('strips right-to-left overrides and every other bidirectional control', () => {
    // Shown as "invoiceexe.pdf" by a bidi-aware renderer; really an .exe.
    expect(sanitizeFilename('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    for (const control of ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(sanitizeFilename(`a${control}b.txt`)).toBe('ab.txt');
    }
  });

  it('strips C1 control characters too, and keeps ordinary non-ASCII names', () => {
    expect(sanitizeFilename('a\u0085b\u009b.txt')).toBe('ab.txt');
    expect(sanitizeFilename('Grüße – 見積書.pdf')).toBe('Grüße – 見積書.pdf');
    expect(sanitizeFilename('\u202e')).toBe('file');
  });
});
