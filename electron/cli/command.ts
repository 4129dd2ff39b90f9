// One CLI command: a name path ("card read"), a one-line summary, and a run function returning the exit code.
import { parseArgs } from 'node:util';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliCommand {
  /** Words that select the command, e.g. ['card', 'read']. */
  path: string[];
  usage: string;
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes of the stable CLI contract. */
export const EXIT_OK = 0;
export const EXIT_USAGE = 64;
export const EXIT_FAILURE = 2;

/**
 * Commands that take file paths and an optional --json: the paths, or null after printing the usage line
 * (the caller exits with EXIT_USAGE).
 */
export function positionalsWithJson(
  args: string[],
  io: CliIo,
  usage: string,
  count: (n: number) => boolean,
): { positionals: string[]; json: boolean } | null {
  try {
    const p = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
    if (count(p.positionals.length)) return { positionals: p.positionals, json: p.values.json ?? false };
    io.err(`usage: kiosk ${usage}`);
  } catch (e) {
    io.err(`${(e as Error).message}\nusage: kiosk ${usage}`);
  }
  return null;
}
