import { Command, CommanderError } from 'commander';
import { DomainError } from '../core/domain-error.ts';
import { ReadError } from '../readers/read-error.ts';
import { CliError } from './cli-error.ts';
import { registerExportCommand } from './export.command.ts';
import { registerExtractCommand } from './extract.command.ts';
import { registerImportBulkCommand } from './import-bulk.command.ts';
import { registerFeedCommands } from './feed.command.ts';
import { registerMatchCommand } from './match.command.ts';
import { registerServeCommand } from './serve.command.ts';
import { registerStoreCommands } from './store.commands.ts';
import { registerWorkerCommand } from './worker.command.ts';

/** Builds the `accord` program; output goes through `write` so that tests can capture it. */
export function buildProgram(
  write: (s: string) => void = (s) => void process.stdout.write(s),
): Command {
  const program = new Command('accord')
    .description(
      'Accord Tracker: turn an agreement between countries into a traced register of commitments',
    )
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      writeOut: (s) => write(s),
      // One line: "accord: unknown command 'x' (see accord --help)".
      outputError: (s, out) =>
        out(`${s.trimEnd().replace(/^error: /, 'accord: ')} (see accord --help)\n`),
    });
  registerExtractCommand(program, write);
  registerMatchCommand(program, write);
  registerServeCommand(program);
  registerStoreCommands(program, write);
  registerWorkerCommand(program);
  registerFeedCommands(program, write);
  registerExportCommand(program, write);
  registerImportBulkCommand(program, write);
  const override = (cmd: Command) => {
    cmd.exitOverride();
    cmd.configureOutput(program.configureOutput());
    cmd.commands.forEach(override);
  };
  program.commands.forEach(override);
  return program;
}

/** Maps any failure to one line on stderr and an exit code: 2 for bad input, 1 otherwise. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its own message (usage errors, --help, --version).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError || error instanceof ReadError || error instanceof DomainError) {
      process.stderr.write(`accord: ${error.message}\n`);
      return error instanceof CliError ? error.exitCode : 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`accord: internal error: ${message.split('\n')[0]}\n`);
    if (process.env.ACCORD_DEBUG && error instanceof Error)
      process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

/** Runs the CLI as a program: the exit code is set, a closed pipe (`accord x | head`) is no error. */
export async function main(argv: string[]): Promise<void> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  process.exitCode = await runCli(argv);
}
