import 'reflect-metadata';
import { cliConfig, CliError, EXIT } from './cli/cli-support';
import { runReadModels } from './cli/read-models.command';

/**
 * Kept for existing scripts: the same as `ple compare` (apps/engine/src/cli/main.ts), which
 * rebuilds every read model into a scratch directory and compares each with the live one.
 * Exit code 0 = all equal, 1 = a difference or a failed projection, 2 = bad configuration or no store.
 */
runReadModels(cliConfig(), 'compare').then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      error instanceof CliError
        ? `${error.message}\n`
        : `replay failed: ${(error as Error)?.stack ?? String(error)}\n`,
    );
    process.exit(error instanceof CliError ? error.exitCode : EXIT.failed);
  },
);
