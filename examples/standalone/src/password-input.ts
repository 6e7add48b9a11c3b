import { createInterface } from 'node:readline';

/** Reads all of stdin (a pipe or a file) and returns its first line. */
async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/u)[0] ?? '';
}

/** Asks on the terminal without echoing what is typed. */
function prompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    // readline echoes through _writeToOutput; print the question only, never the keystrokes.
    const silent = rl as unknown as { _writeToOutput: (text: string) => void };
    let asked = false;
    silent._writeToOutput = (text: string) => {
      if (!asked) {
        asked = true;
        process.stdout.write(text);
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

/**
 * A new password, never from the command line (where `ps` and shell history would keep it): asked
 * twice on a terminal, else the first line of stdin (`printf '%s\n' "$PW" | pnpm tessera …`).
 */
export async function readNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) return firstLineOfStdin();
  const password = await prompt('Password: ');
  if ((await prompt('Password (again): ')) !== password) throw new Error('The two passwords differ; nothing was created.');
  return password;
}
