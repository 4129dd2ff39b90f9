// `kiosk name-match`: does a booking name belong to the chip holder? Prints {"match", "needsStaff", "rule"}.
// Exit 0 whenever a decision was made (match or not: read the JSON); exit 2 with {"error"} on bad input.
import { parseArgs } from 'node:util';
import { matchNames } from '../../backends/airport/name-match.ts';
import { BackendError, toBackendError } from '../../backends/errors.ts';
import { EXIT_FAILURE, EXIT_OK, type CliCommand } from '../command.ts';

const USAGE = 'name-match --chip "<DG13 full name>" [--mrz "<MRZ name field>"] --booking "<SURNAME/GIVEN NAMES [TITLE]>" [--bcbp] [--json]';

export const command: CliCommand = {
  path: ['name-match'],
  usage: USAGE,
  summary: 'Match a chip name (Vietnamese, with diacritics) against a booking or boarding-pass name; name the rule.',
  async run(args, io) {
    const json = args.includes('--json');
    try {
      let v;
      try {
        v = parseArgs({
          args,
          options: { chip: { type: 'string' }, mrz: { type: 'string' }, booking: { type: 'string' }, bcbp: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
          strict: true,
          allowPositionals: false,
        }).values;
      } catch (e) {
        throw new BackendError('INVALID_INPUT', `${(e as Error).message}; usage: kiosk ${USAGE}`);
      }
      if (!v.chip || !v.booking) throw new BackendError('INVALID_INPUT', `--chip and --booking are required; usage: kiosk ${USAGE}`);
      const r = matchNames({ chip: v.chip, mrz: v.mrz, booking: v.booking, source: v.bcbp ? 'bcbp' : 'pnr' });
      if (json) io.out(JSON.stringify(r));
      else io.out(r.match ? `match (${r.rule})` : `no match, staff needed (${r.rule})`);
      return EXIT_OK;
    } catch (e) {
      const err = toBackendError(e);
      if (json) io.out(JSON.stringify({ error: { code: err.code, message: err.message } }));
      else io.err(`name-match failed: ${err.code}: ${err.message}`);
      return EXIT_FAILURE;
    }
  },
};
