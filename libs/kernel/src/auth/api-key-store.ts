import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENGINE_CONFIG, EngineConfig, Role, SYSTEM_TENANT } from '../config/engine-config';
import { Principal } from '../context/command-context';

interface StoredKey {
  hash: string;
  tenant: string;
  role: Role;
  /** Engine-wide as well; absent in files written before it existed, whose one key was the operator's. */
  system?: boolean;
}

const KEY_FILE = 'api-keys.json';

/**
 * API keys bound to a tenant and a role. Only SHA-256 hashes are kept: from API_KEYS in memory,
 * or in DATA_DIR/api-keys.json where a generated admin key's hash is stored on first start.
 */
@Injectable()
export class ApiKeyStore {
  private keys = new Map<string, StoredKey>();
  private readonly logger = new Logger('ApiKeyStore');
  /** The key file and its last seen change time (keys from the file only). */
  private file?: { path: string; changed: string };

  constructor(@Inject(ENGINE_CONFIG) config: EngineConfig) {
    if (config.apiKeys) {
      for (const spec of config.apiKeys) {
        const hash = hashKey(spec.key);
        this.keys.set(hash, {
          hash,
          tenant: spec.tenant,
          role: spec.role,
          system: spec.tenant === SYSTEM_TENANT,
        });
      }
    } else {
      for (const stored of this.loadOrGenerate(config.dataDir)) this.keys.set(stored.hash, stored);
      const file = path.join(config.dataDir, KEY_FILE);
      this.file = { path: file, changed: fileVersion(file) };
    }
  }

  authenticate(key: string): Principal | undefined {
    this.reloadIfChanged();
    const hash = hashKey(key);
    const stored = this.keys.get(hash);
    // Map lookup already matched; the constant-time compare guards against hash-prefix timing.
    if (!stored || !timingSafeEqual(Buffer.from(stored.hash), Buffer.from(hash))) return undefined;
    return {
      tenant: stored.tenant,
      role: stored.role,
      actor: `key:${hash.slice(0, 12)}`,
      system: stored.system ?? true,
    };
  }

  /**
   * Keys created, revoked or rotated with the CLI (`ple keys`) take effect without a restart:
   * the file is replaced by a rename, so a new inode or mtime means a complete new file.
   */
  private reloadIfChanged(): void {
    if (!this.file) return;
    let changed: string;
    try {
      changed = fileVersion(this.file.path);
    } catch {
      return;
    }
    if (changed === this.file.changed) return;
    try {
      const stored = JSON.parse(fs.readFileSync(this.file.path, 'utf8')) as StoredKey[];
      this.keys = new Map(stored.map((k) => [k.hash, { hash: k.hash, tenant: k.tenant, role: k.role }]));
      this.file.changed = changed;
      this.logger.log({ msg: 'API keys reloaded', event: 'api-keys-reloaded', keys: stored.length });
    } catch (error) {
      // Keep the keys in force rather than lock everyone out over an unreadable file.
      this.logger.error(`cannot reload ${this.file.path}: ${(error as Error).message}`);
    }
  }

  private loadOrGenerate(dataDir: string): StoredKey[] {
    const file = path.join(dataDir, KEY_FILE);
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as StoredKey[];
    fs.mkdirSync(dataDir, { recursive: true });
    const key = `ple_${randomBytes(24).toString('hex')}`;
    // The one generated key is the operator's: admin of tenant default and engine-wide.
    const stored: StoredKey[] = [{ hash: hashKey(key), tenant: 'default', role: 'admin', system: true }];
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    // Printed once (a start-up line, whatever LOG_LEVEL): only the hash is kept, so this is the
    // operator's only chance to copy it.
    this.logger.log({
      startup: true,
      msg: `generated an admin API key for tenant 'default' (shown once; only its hash is stored)`,
      event: 'api-key-generated',
      tenant: 'default',
      role: 'admin',
      apiKey: key,
      keyFile: file,
    });
    return stored;
  }
}

function fileVersion(file: string): string {
  const stat = fs.statSync(file);
  return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
