import { hashKey } from '@engine/kernel/auth/api-key-store';
import { Role, ROLES } from '@engine/kernel/config/engine-config';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, EXIT } from './cli-support';

/** DATA_DIR/api-keys.json as ApiKeyStore reads it: only SHA-256 hashes, never a key. */
interface StoredKey {
  hash: string;
  tenant: string;
  role: Role;
  /** When the CLI created it (absent for the key generated at first start). */
  createdAt?: string;
}

const KEY_FILE = 'api-keys.json';

/** The key's public name: the first 12 hex digits of its hash (the `keyId` of the access log). */
export const keyIdOf = (stored: { hash: string }) => stored.hash.slice(0, 12);

export class ApiKeyFile {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, KEY_FILE);
  }

  read(): StoredKey[] {
    if (!fs.existsSync(this.file)) return [];
    return JSON.parse(fs.readFileSync(this.file, 'utf8')) as StoredKey[];
  }

  /** Written to a temporary file then renamed: the engine never reads half a file. */
  write(keys: readonly StoredKey[]): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(keys, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }

  create(tenant: string, role: string): { key: string; stored: StoredKey } {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(tenant))
      throw new CliError(`tenant must be 1-64 letters, digits, '.', '_' or '-', got '${tenant}'`, EXIT.usage);
    if (!ROLES.includes(role as Role))
      throw new CliError(`role must be one of ${ROLES.join(', ')}, got '${role}'`, EXIT.usage);
    const key = `ple_${randomBytes(24).toString('hex')}`;
    const stored: StoredKey = {
      hash: hashKey(key),
      tenant,
      role: role as Role,
      createdAt: new Date().toISOString(),
    };
    this.write([...this.read(), stored]);
    return { key, stored };
  }

  revoke(keyId: string): StoredKey {
    const keys = this.read();
    const match = this.find(keys, keyId);
    this.write(keys.filter((k) => k !== match));
    return match;
  }

  /** A new key with the same tenant and role; the old one stops working at the same moment. */
  rotate(keyId: string): { key: string; stored: StoredKey; replaced: StoredKey } {
    const keys = this.read();
    const old = this.find(keys, keyId);
    const key = `ple_${randomBytes(24).toString('hex')}`;
    const stored: StoredKey = {
      hash: hashKey(key),
      tenant: old.tenant,
      role: old.role,
      createdAt: new Date().toISOString(),
    };
    this.write([...keys.filter((k) => k !== old), stored]);
    return { key, stored, replaced: old };
  }

  private find(keys: readonly StoredKey[], keyId: string): StoredKey {
    if (!/^[0-9a-f]{6,64}$/.test(keyId))
      throw new CliError(`a key id is hex digits (see keys list), got '${keyId}'`, EXIT.usage);
    const matches = keys.filter((k) => k.hash.startsWith(keyId));
    if (matches.length === 0) throw new CliError(`no key ${keyId} in ${this.file}`);
    if (matches.length > 1)
      throw new CliError(`${keyId} matches ${matches.length} keys; give more digits`, EXIT.usage);
    return matches[0];
  }
}

/** The file is ignored while API_KEYS is set: say so instead of managing keys nobody checks. */
export function warnIfOverridden(): void {
  if (process.env.API_KEYS?.trim())
    process.stderr.write('warning: API_KEYS is set; the engine uses it and ignores api-keys.json\n');
}
