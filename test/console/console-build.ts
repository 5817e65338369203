import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { consoleDirectory } from '../../apps/engine/src/http/console-static';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The console's build output, building it first when missing: CI runs `npm run build` before
 * `npm test`, a developer may not have. Must run before the engine starts (it serves what exists).
 */
export function ensureConsoleBuilt(): string {
  const dir = consoleDirectory();
  if (!existsSync(path.join(dir, 'index.html'))) {
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
