import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Makes sure a Debian package's program is present, installing the package with apt-get when it
 * is missing, so `npm install && npm test` does all the set-up on a fresh machine (CI included).
 * Concurrent callers (jest workers, other suites) wait on apt's own lock instead of failing.
 * Returns the program's path.
 */
export function ensureDebianPackage(pkg: string, program: string): string {
  const found = which(program);
  if (found) return found;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-o', 'DPkg::Lock::Timeout=900'];
  const run = (args: string[]) => execFileSync('apt-get', [...lock, ...args], { env, stdio: 'pipe' });
  try {
    run(['install', '-y', '--no-install-recommends', pkg]);
  } catch {
    // A fresh machine has no package lists yet.
    run(['update']);
    run(['install', '-y', '--no-install-recommends', pkg]);
  }
  const installed = which(program);
  if (!installed) throw new Error(`apt-get installed ${pkg} but ${program} is still missing`);
  return installed;
}

function which(program: string): string | undefined {
  if (program.startsWith('/')) return existsSync(program) ? program : undefined;
  try {
    return execFileSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
