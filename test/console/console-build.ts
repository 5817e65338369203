import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { consoleDirectory } from '../../apps/engine/src/http/console-static';

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCES = path.join(ROOT, 'console');

/** Newest modification time of the console's sources (index.html, vite config, src/). */
function newestSource(dir = SOURCES): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * The console's build output, building it first when missing or older than its sources: CI runs
 * `npm run build` before `npm test`, a developer may not have. Must run before the engine starts
 * (the engine serves the files that exist when it starts).
 */
export function ensureConsoleBuilt(): string {
  const dir = consoleDirectory();
  const index = path.join(dir, 'index.html');
  if (!existsSync(index) || statSync(index).mtimeMs < newestSource()) {
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'console'],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
  }
  return dir;
}
