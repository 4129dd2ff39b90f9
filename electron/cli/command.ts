// One CLI command: a name path ("card read"), a one-line summary, and a run function returning the exit code.
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
