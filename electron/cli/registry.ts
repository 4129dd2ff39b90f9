// Every `kiosk` subcommand, in help order. Each command lives in its own module under cli/commands/.
import type { CliCommand } from './command.ts';

export async function loadCommands(): Promise<CliCommand[]> {
  // Imported lazily so `kiosk card read` does not load the face engine, and the reverse.
  const modules = await Promise.all([
    import('./commands/card-read.ts'),
    import('./commands/readers.ts'),
    import('./commands/backend-payload.ts'),
    import('./commands/name-match.ts'),
    import('./commands/outbox.ts'),
    import('./commands/audit.ts'),
    import('./commands/staff-pin-hash.ts'),
    import('./commands/face-compare.ts'),
    import('./commands/face-eval.ts'),
  ]);
  return modules.map((m) => m.command);
}
