// Entry of the `kiosk` CLI: picks the subcommand by its longest matching word path.
import { EXIT_USAGE, type CliIo } from './command.ts';
import { loadCommands } from './registry.ts';

const stdio: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
};

export async function main(argv: string[], io: CliIo = stdio): Promise<number> {
  const commands = await loadCommands();
  const matches = commands
    .filter((c) => c.path.every((w, i) => argv[i] === w))
    .sort((a, b) => b.path.length - a.path.length);
  const cmd = matches[0];
  if (!cmd || argv[0] === '--help' || argv[0] === 'help') {
    io.err('usage: kiosk <command> [options]\n');
    for (const c of commands) io.err(`  kiosk ${c.usage}\n      ${c.summary}`);
    return cmd || argv[0] === '--help' || argv[0] === 'help' ? 0 : EXIT_USAGE;
  }
  return cmd.run(argv.slice(cmd.path.length), io);
}
