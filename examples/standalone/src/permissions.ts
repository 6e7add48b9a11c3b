import { chmodSync, mkdirSync } from 'node:fs';

/**
 * Files this process creates are private to its user (0600, directories 0700): the database,
 * its `-wal` / `-shm` files (SQLite copies the database file's mode), attachments, secrets.
 */
export function privateUmask(): void {
  process.umask(0o077);
}

/** Creates the data directory if needed and makes it 0700, also when an older version made it 0755. */
export function restrictDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}

/** Makes a SQLite database and the files beside it 0600 (those that exist). */
export function restrictDatabaseFiles(filename: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    try {
      chmodSync(`${filename}${suffix}`, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
