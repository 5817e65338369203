#!/usr/bin/env node
import 'reflect-metadata';
import { Command, CommanderError, Option } from 'commander';
import { cliConfig, CliError, EngineEndpoint, EXIT } from './cli-support';

// Each command loads its code when it runs: `--help` stays instant (the read-model commands boot
// the whole engine module tree).
const readModels = () => import('./read-models.command');
const engineApi = () => import('./engine-api.commands');
const apiKeys = () => import('./api-keys.command');
const backups = () => import('./backup.command');

/**
 * `ple`, the operator's command line: read models (replay, compare, repair, rebuild), audit
 * history, API keys and backups. It never builds the project; run it from a build (`npm run
 * build` once, then `npm run cli -- <command>`) or the installed `ple` bin.
 */
function program(): Command {
  const root = new Command('ple')
    .description('Operator commands for the partition lifecycle engine')
    .exitOverride()
    .showHelpAfterError()
    .addHelpText(
      'after',
      `
Exit codes: 0 done, 1 the check or the work failed, 2 bad usage or configuration.
Offline commands read DATA_DIR (or --data-dir) and the engine's other variables; commands that
call a running engine use --url (ENGINE_URL) and --key (ENGINE_KEY, preferred: not in ps output).`,
    );

  const dataDir = () => new Option('-d, --data-dir <dir>', 'data directory (default: $DATA_DIR or ./data)');
  const url = () =>
    new Option('-u, --url <url>', 'engine base URL').env('ENGINE_URL').default('http://127.0.0.1:8080');
  const key = () => new Option('-k, --key <key>', 'API key').env('ENGINE_KEY');
  const endpoint = (o: { url: string; key?: string }): EngineEndpoint => ({ url: o.url, key: o.key });
  let exitCode: number = EXIT.ok;
  const run = (work: () => Promise<number>) => async () => {
    exitCode = await work();
  };

  root
    .command('replay')
    .description(
      'Rebuild every read model from the event store into a scratch directory and report the rate (read-only)',
    )
    .addOption(dataDir())
    .action((o: { dataDir?: string }) =>
      run(async () => (await readModels()).runReadModels(cliConfig(o.dataDir), 'replay'))(),
    );
  const checks = [
    [
      'compare',
      'Replay, then compare each read model with the live one in DATA_DIR/read (exit 1 on a difference)',
    ],
    [
      'repair',
      'Replay, compare, and replace each differing live read model by the rebuilt one (stop the engine first)',
    ],
  ] as const;
  for (const [mode, description] of checks)
    root
      .command(mode)
      .description(description)
      .argument('[projections...]', 'only these projections (default: all)')
      .addOption(dataDir())
      .action((names: string[], o: { dataDir?: string }) =>
        run(async () => (await readModels()).runReadModels(cliConfig(o.dataDir), mode, names))(),
      );
  root
    .command('rebuild')
    .description('Rebuild one projection in a running engine (admin key), following it until it is live')
    .argument('<projection>', 'projection name (see GET /engine/v1/projections)')
    .addOption(url())
    .addOption(key())
    .action((name: string, o: { url: string; key?: string }) =>
      run(async () => (await engineApi()).rebuildProjection(endpoint(o), name))(),
    );
  root
    .command('history')
    .description(
      "An aggregate's events, or one subject's history within it, from a running engine's audit API",
    )
    .argument('<category>', 'stream category: segments, mergetree, lftable, tablet, matplan, ...')
    .argument('<id>', 'aggregate id after the tenant (e.g. a datasource, db.table)')
    .option(
      '-s, --subject <subject>',
      'only the events that touched this subject (segment ID, partition, part...)',
    )
    .option('--json', 'one JSON object per line')
    .addOption(url())
    .addOption(key())
    .action(
      (category: string, id: string, o: { subject?: string; json?: boolean; url: string; key?: string }) =>
        run(async () => (await engineApi()).history(endpoint(o), category, id, o))(),
    );

  const keys = root
    .command('keys')
    .description(
      'API keys in DATA_DIR/api-keys.json (only hashes stored; a running engine picks changes up)',
    );
  keys
    .command('create')
    .description('Create a key for a tenant and role; the key is printed once')
    .requiredOption('-t, --tenant <tenant>', 'tenant the key acts for')
    .addOption(
      new Option('-r, --role <role>', 'role').choices(['reader', 'operator', 'admin']).makeOptionMandatory(),
    )
    .addOption(dataDir())
    .action((o: { tenant: string; role: string; dataDir?: string }) =>
      run(async () => {
        const { ApiKeyFile, keyIdOf, warnIfOverridden } = await apiKeys();
        warnIfOverridden();
        const created = new ApiKeyFile(cliConfig(o.dataDir).dataDir).create(o.tenant, o.role);
        process.stdout.write(`${created.key}\n`);
        process.stderr.write(
          `created key ${keyIdOf(created.stored)} (tenant ${o.tenant}, ${o.role}); shown once\n`,
        );
        return EXIT.ok;
      })(),
    );
  keys
    .command('list')
    .description('Key ids, tenants and roles (never the keys)')
    .option('--json', 'as JSON')
    .addOption(dataDir())
    .action((o: { json?: boolean; dataDir?: string }) =>
      run(async () => {
        const { ApiKeyFile, keyIdOf, warnIfOverridden } = await apiKeys();
        warnIfOverridden();
        const rows = new ApiKeyFile(cliConfig(o.dataDir).dataDir)
          .read()
          .map((k) => ({ id: keyIdOf(k), tenant: k.tenant, role: k.role, createdAt: k.createdAt ?? null }));
        if (o.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
        else
          for (const r of rows)
            process.stdout.write(`${r.id}  ${r.tenant}  ${r.role}  ${r.createdAt ?? '-'}\n`);
        return EXIT.ok;
      })(),
    );
  keys
    .command('revoke')
    .description('Revoke a key by its id (or a unique prefix)')
    .argument('<keyId>', 'key id from keys list')
    .addOption(dataDir())
    .action((keyId: string, o: { dataDir?: string }) =>
      run(async () => {
        const { ApiKeyFile, keyIdOf, warnIfOverridden } = await apiKeys();
        warnIfOverridden();
        const revoked = new ApiKeyFile(cliConfig(o.dataDir).dataDir).revoke(keyId);
        process.stdout.write(`revoked ${keyIdOf(revoked)} (tenant ${revoked.tenant}, ${revoked.role})\n`);
        return EXIT.ok;
      })(),
    );
  keys
    .command('rotate')
    .description('Replace a key by a new one with the same tenant and role; the new key is printed once')
    .argument('<keyId>', 'key id from keys list')
    .addOption(dataDir())
    .action((keyId: string, o: { dataDir?: string }) =>
      run(async () => {
        const { ApiKeyFile, keyIdOf, warnIfOverridden } = await apiKeys();
        warnIfOverridden();
        const rotated = new ApiKeyFile(cliConfig(o.dataDir).dataDir).rotate(keyId);
        process.stdout.write(`${rotated.key}\n`);
        process.stderr.write(
          `rotated ${keyIdOf(rotated.replaced)} -> ${keyIdOf(rotated.stored)}; the old key no longer works\n`,
        );
        return EXIT.ok;
      })(),
    );

  root
    .command('backup')
    .description(
      'Online backup of the embedded store and its read models (SQLite backup API) into an empty directory',
    )
    .argument('<destination>', 'directory to create')
    .addOption(dataDir())
    .action((destination: string, o: { dataDir?: string }) =>
      run(async () => (await backups()).backup(cliConfig(o.dataDir), destination))(),
    );
  root
    .command('restore')
    .description('Restore a backup into DATA_DIR (stop the engine first)')
    .argument('<backup>', 'directory written by backup')
    .option('--force', 'replace an existing store in DATA_DIR')
    .addOption(dataDir())
    .action((source: string, o: { force?: boolean; dataDir?: string }) =>
      run(async () => (await backups()).restore(cliConfig(o.dataDir), source, o.force === true))(),
    );

  root.hook('postAction', () => {
    process.exitCode = exitCode;
  });
  return root;
}

// `ple ... | head`: a closed pipe ends the command quietly, as in other Unix tools.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
});

program()
  .parseAsync(process.argv)
  .then(
    () => process.exit(process.exitCode ?? EXIT.ok),
    (error: unknown) => {
      if (error instanceof CommanderError) {
        // --help and --version end through here too.
        const done = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
        process.exit(done && error.exitCode === 0 ? EXIT.ok : EXIT.usage);
      }
      if (error instanceof CliError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(error.exitCode);
      }
      process.stderr.write(`failed: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exit(EXIT.failed);
    },
  );
