import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

/** A server binary found on this machine, and how to lay out a fresh data folder for it. */
export interface LocalMysqlBinary {
  readonly server: string;
  readonly flavour: 'mariadb' | 'mysql';
  /** The MariaDB installer (mariadb-install-db); MySQL initialises with the server itself. */
  readonly installer: string | null;
}

// Debian and most distributions put the server in sbin, which a non-root PATH often lacks.
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/mysql/bin', '/opt/homebrew/bin'];

function which(name: string, extraDirs: readonly string[] = []): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}

/** Finds mariadbd, or else mysqld, in PATH or the usual sbin folders; null when neither exists. */
export function findLocalMysqlBinary(): LocalMysqlBinary | null {
  const server = which('mariadbd', EXTRA_DIRS) ?? which('mysqld', EXTRA_DIRS);
  if (!server) return null;
  let version = '';
  try {
    version = execFileSync(server, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  } catch {
    return null;
  }
  if (!/mariadb/i.test(version)) return { server, flavour: 'mysql', installer: null };
  const near = [dirname(server), join(dirname(server), '..', 'bin'), ...EXTRA_DIRS];
  const installer = which('mariadb-install-db', near) ?? which('mysql_install_db', near);
  return installer ? { server, flavour: 'mariadb', installer } : null;
}

/** Wraps a command so the kernel kills it when this process dies, where util-linux allows. */
export function diesWithParent(command: string, args: string[]): [string, string[]] {
  const setpriv = process.platform === 'linux' ? which('setpriv', ['/usr/bin', '/bin']) : null;
  return setpriv ? [setpriv, ['--pdeathsig', 'KILL', '--', command, ...args]] : [command, args];
}
