/**
 * Ticket bodies for `bench/http.bench.ts` that read like a support queue: a few dozen subject
 * templates and description sentences, so search terms such as `password` and `reset` are as
 * common as in a real helpdesk (`password` in about 28 % of tickets, `reset` in 24 %, both in
 * 21 %) and rare terms stay rare. Deterministic for a given seed.
 */

const PRODUCTS = ['dashboard', 'mobile app', 'invoice export', 'API', 'reports', 'checkout', 'admin console', 'billing portal', 'SSO', 'webhooks'];
const NAMES = ['Maya', 'Tom', 'Priya', 'Lukas', 'Chen', 'Amara', 'Jonas', 'Sofia', 'Diego', 'Aiko'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `{p}` product, `{n}` name, `{m}` month, `{d}` number. */
const SUBJECTS = [
  'Password reset email never arrives',
  'Cannot reset password for {p} account',
  'Sign-in link expired immediately',
  'Login fails after password change',
  'Account locked after too many password attempts',
  'Reset two-factor authentication for {n}',
  'Please rotate the API key for our {p} integration',
  'Cannot login to the {p}',
  'SSO login redirects to a blank page',
  'Invoice #{d} shows the wrong VAT rate',
  'Refund for duplicate charge in {m}',
  'Billing question about the {m} invoice',
  'Export to CSV times out in {p}',
  'Slow response from the {p}',
  '{p} crashes when opening reports',
  'Error 500 when saving settings in {p}',
  'Webhook deliveries to our endpoint fail',
  'Feature request: dark mode in {p}',
  'Cannot upload attachments larger than {d} MB',
  'API rate limit reached unexpectedly',
  'Search in {p} ignores accented characters',
  'Add {n} as an administrator',
  'Data missing from the {m} usage report',
  'Mobile notifications stopped working',
];

const OPENINGS = [
  'Hi team,',
  'Hello,',
  'Good morning,',
  'Hi support,',
  'Dear support team,',
];

const SENTENCES = [
  'I tried the password reset link but it says the token has expired.',
  'After the update I still cannot sign in.',
  'We asked all users to sign in again last week.',
  'The confirmation email goes to an address we no longer use.',
  'Our admin {n} has already tried twice.',
  'It started after the update on {m} {d}.',
  'It happens in Chrome and Firefox, on Windows and macOS.',
  'This blocks a team of {d} people.',
  'The error message says "something went wrong", nothing more.',
  'Steps to reproduce: open the {p}, click export, wait a minute.',
  'The invoice total does not match our purchase order.',
  'We were charged twice for the same subscription.',
  'Could you check the logs for our account?',
  'A screenshot is attached.',
  'The page keeps loading and then shows a timeout.',
  'Nothing changed on our side as far as we know.',
  'Our integration calls the API about {d} times a minute.',
  'The mobile app shows an empty list after login.',
  'We need this fixed before the end of {m}.',
  'Clearing the browser cache did not help.',
  'The same account works fine on the {p}.',
  'Please let me know if you need more details.',
];

const CLOSINGS = ['Thanks!', 'Best regards,\n{n}', 'Thank you for your help.', 'Cheers,\n{n}', 'Kind regards'];

/** Xorshift32: the same tickets on every run and machine. */
export function seededRandom(seed = 0x9e3779b9): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** A realistic subject and description (a greeting, two to four sentences, a sign-off). */
export function ticketText(rand: () => number): { subject: string; description: string } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const fill = (template: string) =>
    template
      .replaceAll('{p}', pick(PRODUCTS))
      .replaceAll('{n}', pick(NAMES))
      .replaceAll('{m}', pick(MONTHS))
      .replaceAll('{d}', String(2 + Math.floor(rand() * 98)));
  const sentences = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => fill(pick(SENTENCES)));
  return {
    subject: fill(pick(SUBJECTS)),
    description: [pick(OPENINGS), sentences.join(' '), fill(pick(CLOSINGS))].join('\n\n'),
  };
}
