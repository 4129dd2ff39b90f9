// `kiosk card read`: read one chip through the emulator or a PC/SC reader and print the card-read contract.
// Stable for technicians and automated checks: exit 0 with the result, exit 2 with {"error": {code, message}}.
import { parseArgs } from 'node:util';
import type { CardReadResult } from '../../contract/card-read.ts';
import { accessKeyFromMrz, accessKeyFromTriple, accessKeysFromQr, type AccessKey } from '../../emrtd/access/access-key.ts';
import type { CardChannel } from '../../emrtd/channel.ts';
import { hex } from '../../emrtd/bytes.ts';
import { readDocument } from '../../emrtd/read/read-document.ts';
import { CardReadError, toCardReadError } from '../../card/read-errors.ts';
import { toCardReadResult } from '../../card/read-result.ts';
import { assessAuthenticity, loadTrustStore } from '../../card/authenticity.ts';
import { SignerCheckClient } from '../../emrtd/auth/signer-check.ts';
import { readFileSync } from 'node:fs';
import { EmulatedChip } from '../../card/emulator/chip.ts';
import { loadCardDirectory } from '../../card/emulator/card-profile.ts';
import { EXIT_FAILURE, EXIT_OK, type CliCommand, type CliIo } from '../command.ts';

const USAGE =
  'card read (--emulator <card-dir> | --reader <name-substring>) (--mrz <mrz> | --id <12 digits> --dob <YYMMDD> --doe <YYMMDD> | --qr <payload>) [--csca <file>]… [--crl <file>]… [--signer-check <https-url> [--signer-check-ca <pem>]] [--json]';

interface CardReadArgs {
  emulator?: string;
  reader?: string;
  keys: AccessKey[];
  /** Trust store files (PEM/DER CSCA certificates, CSCA master lists); resources/csca/ when none. */
  csca: string[];
  crl: string[];
  signerCheck?: string;
  signerCheckCa?: string;
  json: boolean;
}

function parse(args: string[]): CardReadArgs {
  let v;
  try {
    v = parseArgs({
      args,
      options: {
        emulator: { type: 'string' },
        reader: { type: 'string' },
        mrz: { type: 'string' },
        id: { type: 'string' },
        dob: { type: 'string' },
        doe: { type: 'string' },
        qr: { type: 'string' },
        csca: { type: 'string', multiple: true },
        crl: { type: 'string', multiple: true },
        'signer-check': { type: 'string' },
        'signer-check-ca': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new CardReadError('INVALID_INPUT', `${(e as Error).message}; usage: kiosk ${USAGE}`);
  }
  if (!!v.emulator === !!v.reader) throw new CardReadError('INVALID_INPUT', 'give exactly one of --emulator <card-dir> or --reader <name>');
  const sources = [v.mrz !== undefined, v.id !== undefined || v.dob !== undefined || v.doe !== undefined, v.qr !== undefined].filter(Boolean).length;
  if (sources !== 1) throw new CardReadError('INVALID_INPUT', 'give exactly one access key source: --mrz, or --id/--dob/--doe, or --qr');
  let keys: AccessKey[];
  if (v.mrz !== undefined) keys = [accessKeyFromMrz(v.mrz)];
  else if (v.qr !== undefined) keys = accessKeysFromQr(v.qr);
  else {
    if (!v.id || !v.dob || !v.doe) throw new CardReadError('INVALID_INPUT', '--id, --dob and --doe go together');
    keys = [accessKeyFromTriple(v.id, v.dob, v.doe)];
  }
  return {
    emulator: v.emulator,
    reader: v.reader,
    keys,
    csca: v.csca ?? [],
    crl: v.crl ?? [],
    signerCheck: v['signer-check'],
    signerCheckCa: v['signer-check-ca'],
    json: v.json ?? false,
  };
}

async function openChannel(a: CardReadArgs): Promise<{ channel: CardChannel; atr: string; close?: () => Promise<void> }> {
  if (a.emulator) {
    const chip = new EmulatedChip(loadCardDirectory(a.emulator));
    return { channel: chip, atr: hex(chip.atr) };
  }
  // PC/SC: NO_READER when pcscd or a reader matching --reader is missing, NO_CARD when it stays empty.
  const { openPcscCard } = await import('../../card/pcsc/open-card.ts');
  return openPcscCard(a.reader);
}

export async function cardRead(a: CardReadArgs): Promise<CardReadResult> {
  // The trust configuration is checked before the card is touched: a bad --csca file fails fast.
  const trust = loadTrustStore(a.csca, a.crl);
  const signerCheck = a.signerCheck ? new SignerCheckClient({ url: a.signerCheck, caPem: a.signerCheckCa ? readFileSync(a.signerCheckCa, 'utf8') : undefined }) : undefined;
  const { channel, atr, close } = await openChannel(a);
  try {
    const doc = await readDocument(channel, { keys: a.keys, atr });
    const report = await assessAuthenticity(doc, { trust, signerCheck });
    return toCardReadResult(doc, report.facts).result;
  } finally {
    signerCheck?.close();
    await close?.();
  }
}

function printHuman(r: CardReadResult, io: CliIo): void {
  const p = r.personal;
  io.out(`access        ${r.access.protocol} (attempt ${r.access.attempts})`);
  io.out(`document      ${r.mrz.documentCode} ${r.mrz.issuer} ${r.mrz.documentNumber}  ID ${r.mrz.idNumber ?? '-'}`);
  io.out(`name          ${p?.fullName ?? `${r.mrz.surname} ${r.mrz.givenNames}`}`);
  io.out(`born / sex    ${r.mrz.dateOfBirth ?? '-'} / ${r.mrz.sex}   expires ${r.mrz.dateOfExpiry ?? 'no expiry'}`);
  if (p) io.out(`residence     ${p.placeOfResidence ?? '-'}`);
  io.out(`portrait      ${r.portrait ? `${r.portrait.format} ${r.portrait.width}×${r.portrait.height}` : 'none'}`);
  io.out(`files         ${r.dataGroups.join(' ')}`);
  io.out(`authenticity  passive ${r.authenticity.passive.status}, active ${r.authenticity.active.status}, chip ${r.authenticity.chip.status}`);
  if (r.authenticity.passive.signer) io.out(`signer        ${r.authenticity.passive.signer}`);
  for (const problem of r.authenticity.passive.problems) io.out(`problem       ${problem}`);
  io.out(`transport     ${r.stats.apdus} APDUs, ${r.stats.bytesSent} B sent, ${r.stats.bytesReceived} B received, ${r.stats.ms} ms`);
}

export const command: CliCommand = {
  path: ['card', 'read'],
  usage: USAGE,
  summary: 'Read a CCCD chip (emulated card directory or PC/SC reader) and print the card-read contract.',
  async run(args, io) {
    const json = args.includes('--json');
    try {
      const result = await cardRead(parse(args));
      if (json) io.out(JSON.stringify(result, null, 2));
      else printHuman(result, io);
      return EXIT_OK;
    } catch (e) {
      const err = toCardReadError(e);
      if (json) io.out(JSON.stringify({ error: { code: err.code, message: err.message } }));
      else io.err(`card read failed: ${err.code}: ${err.message}`);
      return EXIT_FAILURE;
    }
  },
};
