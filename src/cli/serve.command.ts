import type { Command } from 'commander';
import { readConfig } from '../config.ts';
import { prepareDatabase, startServer } from '../server.ts';
import { CliError } from './cli-error.ts';
import { openStore } from './open-store.ts';

/** `accord serve`: the API and web app on the configured database. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the API (and web app) on the embedded database, or on DATABASE_URL')
    .option('--port <port>', 'port (default PORT or 3000)')
    .option('--host <host>', 'address to listen on (default HOST or 127.0.0.1)')
    .action(async (flags: { port?: string; host?: string }) => {
      const config = readConfig();
      if (flags.port !== undefined) {
        const port = Number(flags.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new CliError(`invalid --port "${flags.port}": use 0-65535`);
        config.port = port;
      }
      if (flags.host) config.host = flags.host;
      const database = await openStore(config);
      try {
        await prepareDatabase(database, config, (line) =>
          process.stderr.write(`accord: ${line}\n`),
        );
        const app = await startServer(database, config);
        const address = app.server.address();
        const where =
          typeof address === 'object' && address
            ? `http://${config.host}:${address.port}`
            : String(address);
        process.stderr.write(
          `accord: serving ${where} (API docs ${where}/api/docs) on ${database.kind === 'pglite' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'}\n`,
        );
      } catch (error) {
        await database.close();
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
          throw new CliError(
            `port ${config.port} is in use: stop the other server or choose --port`,
          );
        throw error;
      }
    });
}
