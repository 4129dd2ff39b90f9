// Fuzz targets: every parser that takes bytes or text from outside the kiosk (a chip, a QR code, a boarding
// pass, a trust file, a backend answer), each with generators of hostile input biased towards real structure
// (genuine seeds with bytes changed, cut short or extended) and the one kind of error it may throw.
// `npm run fuzz` runs them at full count (scripts/fuzz.ts); tests/unit/hardening runs a small sample.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCommand, decodeResponse, encodeCommand, type CommandApdu } from '../../electron/emrtd/apdu.ts';
import { EmrtdError } from '../../electron/emrtd/errors.ts';
import { decodeTlv, decodeTlvList, encodeTlv, readTlvHeader } from '../../electron/emrtd/tlv.ts';
import { parseMrz } from '../../electron/emrtd/mrz/parse.ts';
import { parseCccdQr } from '../../electron/emrtd/access/qr.ts';
import { parseDg1 } from '../../electron/emrtd/lds/dg1.ts';
import { parseDg2 } from '../../electron/emrtd/lds/dg2.ts';
import { parseBitGroup } from '../../electron/emrtd/lds/cbeff.ts';
import { parseFaceRecord } from '../../electron/emrtd/lds/iso19794-5.ts';
import { parseFaceImageDataBlock } from '../../electron/emrtd/lds/iso39794-5.ts';
import { parseDg13 } from '../../electron/emrtd/lds/dg13.ts';
import { parseDg14, parseSecurityInfos } from '../../electron/emrtd/lds/dg14.ts';
import { parseDg15 } from '../../electron/emrtd/lds/dg15.ts';
import { parseCom } from '../../electron/emrtd/lds/com.ts';
import { parseSod, signerSubjectDn } from '../../electron/emrtd/lds/sod.ts';
import { parseSignedData } from '../../electron/emrtd/auth/cms.ts';
import { parseMasterList } from '../../electron/emrtd/auth/master-list.ts';
import { parseCrl } from '../../electron/emrtd/auth/crl.ts';
import { parseCertificate } from '../../electron/emrtd/auth/certificate.ts';
import { TrustStore } from '../../electron/emrtd/auth/trust-store.ts';
import { paceOfCardAccess } from '../../electron/emrtd/access/pace-card-access.ts';
import { decodeOidValue } from '../../electron/emrtd/access/pace-info.ts';
import { expectDynamicObject, parseDynamicAuthData, parseMseSetAt } from '../../electron/emrtd/access/pace-messages.ts';
import { aesSmCipher, tdesSmCipher } from '../../electron/emrtd/sm/cipher.ts';
import { SecureMessaging } from '../../electron/emrtd/sm/secure-messaging.ts';
import { encodeDg2 } from '../../electron/card/fixtures/lds-encode.ts';
import { loadOrCreateTestPki } from '../../electron/card/fixtures/test-pki.ts';
import { makeCrl, makeMasterList } from '../../electron/card/fixtures/trust-files.ts';
import { BackendError } from '../../electron/backends/errors.ts';
import { parseBookingInput } from '../../electron/backends/airport/boarding-pass.ts';
import { parseCheckinAnswer } from '../../electron/backends/airport/airport-client.ts';
import { lookupCoverage, parseAdmissionResponse } from '../../electron/backends/hospital/hospital-client.ts';
import { parseCardReadJson } from '../../electron/backends/card-identity.ts';
import type { Transport } from '../../electron/backends/transport/https-transport.ts';
import { EmulatedChip } from '../../electron/card/emulator/chip.ts';
import { loadCardDirectory } from '../../electron/card/emulator/card-profile.ts';
import { HostileChannel } from '../../electron/card/emulator/hostile-chip.ts';
import { accessKeyFromMrz } from '../../electron/emrtd/access/access-key.ts';
import { readDocument } from '../../electron/emrtd/read/read-document.ts';

export interface FuzzTarget {
  name: string;
  /** Share of the total run count (relative weight); expensive targets get less. */
  weight: number;
  /** Builds the property for `numRuns` cases; failures are anything but the target's typed error. */
  property: () => fc.IPropertyWithHooks<[unknown]> | fc.IAsyncPropertyWithHooks<[unknown]>;
}

const repo = join(import.meta.dirname, '..', '..');
const demoDir = join(repo, 'resources', 'demo-cards', 'nguyen-van-an');
const demoFile = (name: string): Uint8Array => new Uint8Array(readFileSync(join(demoDir, `${name}.bin`)));

const emrtdOnly = (e: unknown): boolean => e instanceof EmrtdError;
const backendOnly = (e: unknown): boolean => e instanceof BackendError;

/** Runs `fn`; a thrown value that is not the typed error fails the case (fast-check reports and shrinks it). */
function typed<T>(accept: (e: unknown) => boolean, fn: (v: T) => unknown): (v: T) => void {
  return (v) => {
    try {
      fn(v);
    } catch (e) {
      if (!accept(e)) throw e;
    }
  };
}

function typedAsync<T>(accept: (e: unknown) => boolean, fn: (v: T) => Promise<unknown>): (v: T) => Promise<void> {
  return async (v) => {
    try {
      await fn(v);
    } catch (e) {
      if (!accept(e)) throw e;
    }
  };
}

/** A genuine seed with 1–6 bytes overwritten or flipped, then perhaps cut short or extended. */
export function mutatedBytes(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const edit = fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), flip: fc.boolean() });
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 0, maxLength: 6 }), fc.integer({ min: -1, max: 1 << 20 }), fc.uint8Array({ maxLength: 12 }))
    .map(([seed, edits, cut, tail]) => {
      const b = seed.slice();
      for (const { at, value, flip } of edits) if (b.length > 0) b[at % b.length] = flip ? b[at % b.length] ^ (value || 1) : value;
      if (cut < 0) return b;
      const kept = b.subarray(0, cut % (b.length + 1));
      return cut % 3 === 0 ? Uint8Array.from([...kept, ...tail]) : kept;
    });
}

/** A genuine text with characters replaced, inserted or removed. */
function mutatedText(seeds: readonly string[], alphabet: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.record({ at: fc.nat(), ch: alphabet, how: fc.constantFrom('set', 'insert', 'delete') });
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 5 })).map(([seed, edits]) => {
    let s = seed;
    for (const { at, ch, how } of edits) {
      const i = s.length === 0 ? 0 : at % s.length;
      s = how === 'set' ? s.slice(0, i) + ch + s.slice(i + 1) : how === 'insert' ? s.slice(0, i) + ch + s.slice(i) : s.slice(0, i) + s.slice(i + 1);
    }
    return s;
  });
}

/** Random bytes, genuine seeds mutated, and random bodies under the seeds' own outer tag. */
function hostileBytes(seeds: readonly Uint8Array[], maxLength = 300): fc.Arbitrary<Uint8Array> {
  const underTag = fc.tuple(fc.constantFrom(...seeds), fc.uint8Array({ maxLength })).map(([s, body]) => {
    try {
      return encodeTlv(readTlvHeader(s, 0).tag, body);
    } catch {
      return body;
    }
  });
  return fc.oneof({ weight: 1, arbitrary: fc.uint8Array({ maxLength }) }, { weight: 1, arbitrary: underTag }, { weight: 4, arbitrary: mutatedBytes(seeds) });
}

const MRZ_CHARS = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<\n '.split(''), 'Đ', 'ễ', '\u0000', '\r');
const ANY_CHAR = fc.oneof(fc.string({ minLength: 1, maxLength: 1 }), fc.constantFrom('|', 'Đ', 'ữ', '\u0301', '\uFEFF', '0', '9', '/'));

/** Genuine answers of a terminal/chip secure-messaging pair (same keys), to mutate. */
function smSessions(): { name: string; fresh: () => SecureMessaging; responses: Uint8Array[] }[] {
  const out = [];
  for (const [name, make, bs] of [
    ['3DES', tdesSmCipher, 8],
    ['AES', aesSmCipher, 16],
  ] as const) {
    const ksEnc = new Uint8Array(16).map((_, i) => 0x10 + i);
    const ksMac = new Uint8Array(16).map((_, i) => 0x40 + i);
    let lastCommand: CommandApdu | undefined;
    const fresh = (): SecureMessaging => {
      const sm = new SecureMessaging(make(ksEnc, ksMac), new Uint8Array(bs));
      lastCommand = sm.protectCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 });
      return sm;
    };
    const responses: Uint8Array[] = [];
    for (const [data, sw] of [
      [Uint8Array.of(0x60, 0x16, 0x5f, 0x01), 0x9000],
      [new Uint8Array(0), 0x6a82],
      [new Uint8Array(40).fill(7), 0x6282],
    ] as const) {
      const chip = new SecureMessaging(make(ksEnc, ksMac), new Uint8Array(bs));
      fresh();
      // A terminal from `fresh` has sent exactly this one command; the chip has now received it: they agree.
      chip.unprotectCommand(lastCommand!);
      responses.push(encodeResponseBytes(chip.protectResponse({ data, sw })));
    }
    out.push({ name, fresh, responses });
  }
  return out;
}

function encodeResponseBytes(r: { data: Uint8Array; sw: number }): Uint8Array {
  return Uint8Array.from([...r.data, r.sw >> 8, r.sw & 0xff]);
}

const DEMO_QR = [
  '001058012345|011234567|Nguyễn Văn An|15031958|Nam|Số 12 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội|10042021',
  '079090001234||Đặng Quốc Đức|02111990|Nam|45 Nguyễn Huệ, Phường Sài Gòn, Thành phố Hồ Chí Minh|05012023',
];
const DEMO_MRZ = [
  'IDVNM0580123456001058012345<<7\n5803158M9912315VNM<<<<<<<<<<<6\nNGUYEN<<VAN<AN<<<<<<<<<<<<<<<<',
  'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10',
];
const DEMO_BCBP = [
  'M1NGUYEN/VAN AN       EABC123 HANSGNVN 0213 045Y012A0001 100',
  'M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100',
  'M2NGUYEN/VAN AN       EABC123 HANSGNVN 0213 045Y012A0001 100DEF456 SGNDADVJ 0501 046Y003C0002 100',
];
const DEMO_ADMISSION = JSON.stringify({
  resourceType: 'Bundle',
  type: 'transaction-response',
  entry: [
    { response: { status: '201 Created', location: 'Patient/p1/_history/1' } },
    {
      response: { status: '201 Created', location: 'Encounter/e1/_history/1' },
      resource: {
        resourceType: 'Encounter',
        id: 'e1',
        identifier: [{ system: 'urn:cccd-kiosk:queue-ticket', value: 'A-012' }],
        serviceType: { text: 'Khám nội' },
        location: [{ status: 'planned', location: { display: 'Phòng 3' } }],
        period: { start: '2026-01-01T08:00:00Z' },
      },
    },
  ],
});
const DEMO_CHECKIN = JSON.stringify({ result: 'CHECKED_IN', seat: '12A', boardingPass: { bcbp: DEMO_BCBP[0], gate: '5', boardingTime: '08:30' } });
const DEMO_COVERAGE = JSON.stringify({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: [{ resource: { resourceType: 'Coverage', id: 'c1', status: 'active', identifier: [{ system: 'urn:bhyt', value: 'HT2' }], payor: [{ display: 'BHXH' }], class: [{ type: { coding: [{ code: 'plan' }] }, name: '80%' }] } }],
});

/** JSON documents: genuine answers with values replaced anywhere in the tree, plus arbitrary JSON and text. */
function hostileJson(seeds: readonly string[]): fc.Arbitrary<string> {
  const replaced = fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })), { minLength: 1, maxLength: 3 })).map(([seed, edits]) => {
    const doc = JSON.parse(seed) as unknown;
    let root = doc;
    for (const [at, value] of edits) root = replaceNth(root, at, value);
    return JSON.stringify(root);
  });
  return fc.oneof(
    { weight: 4, arbitrary: replaced },
    { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
    { weight: 1, arbitrary: mutatedText(seeds, ANY_CHAR) },
    { weight: 1, arbitrary: fc.constantFrom('null', '0', '"x"', '[]', 'true', '{}', '{"resourceType":"Bundle","type":"transaction-response","entry":null}') },
  );
}

/** Replaces the n-th node (pre-order, modulo the node count) of a JSON tree. */
function replaceNth(root: unknown, n: number, value: unknown): unknown {
  const nodes: { parent: Record<string, unknown> | unknown[] | null; key: string | number }[] = [{ parent: null, key: 0 }];
  const walk = (v: unknown): void => {
    if (v && typeof v === 'object') {
      for (const [k, c] of Object.entries(v)) {
        nodes.push({ parent: v as Record<string, unknown>, key: Array.isArray(v) ? Number(k) : k });
        walk(c);
      }
    }
  };
  walk(root);
  const pick = nodes[n % nodes.length];
  if (!pick.parent) return value;
  (pick.parent as Record<string | number, unknown>)[pick.key] = value;
  return root;
}

export async function fuzzTargets(): Promise<FuzzTarget[]> {
  const com = demoFile('COM');
  const dg1 = demoFile('DG1');
  const dg2 = demoFile('DG2');
  const dg13 = demoFile('DG13');
  const dg14 = demoFile('DG14');
  const dg15 = demoFile('DG15');
  const sod = demoFile('SOD');
  const cardAccess = demoFile('CardAccess');
  const dg2Faces = parseDg2(dg2).faces;
  const jpeg = dg2Faces[0].image.slice();
  const dg2b = encodeDg2(jpeg, { width: dg2Faces[0].width, height: dg2Faces[0].height, format: 'jpeg', standard: '39794-5' });
  // Parsers of DG2 only need the structure up to the image's first bytes: short seeds keep the cases fast.
  const dg2Heads = [dg2.subarray(0, 120), dg2b.subarray(0, 160), dg2, dg2b];
  const pki = await loadOrCreateTestPki(join(repo, 'tests', 'fixtures', 'pki'));
  const crl = await makeCrl(pki.csca, { revoke: [pki.documentSigner.certificate] });
  const masterList = await makeMasterList([pki.csca.certificate], pki.csca);
  const certs = [pki.csca.certificate, pki.documentSigner.certificate];
  const sm = smSessions();

  const p = <T>(arb: fc.Arbitrary<T>, fn: (v: T) => void) => fc.property(arb, fn) as unknown as fc.IPropertyWithHooks<[unknown]>;

  return [
    {
      name: 'BER-TLV',
      weight: 8,
      property: () =>
        p(
          hostileBytes([com, dg13, dg14, dg1, sod.subarray(0, 200)], 80),
          typed(emrtdOnly, (b: Uint8Array) => {
            decodeTlvList(b, { skipPadding: true });
            decodeTlv(b, 0);
            readTlvHeader(b, b.length > 0 ? b[0] % b.length : 0);
          }),
        ),
    },
    {
      name: 'APDU responses and commands',
      weight: 5,
      property: () =>
        p(
          fc.oneof(fc.uint8Array({ maxLength: 12 }), mutatedBytes([encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 65536 }), encodeCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 12, data: Uint8Array.of(1, 30), le: 256 })])),
          typed(emrtdOnly, (b: Uint8Array) => {
            decodeResponse(b);
            decodeCommand(b);
          }),
        ),
    },
    {
      name: 'SecureMessaging.unprotectResponse',
      weight: 8,
      property: () =>
        p(
          fc.tuple(fc.integer({ min: 0, max: sm.length - 1 }), fc.oneof(mutatedBytes(sm.flatMap((s) => s.responses)), fc.uint8Array({ maxLength: 80 }))),
          typed(emrtdOnly, ([i, b]: [number, Uint8Array]) => sm[i].fresh().unprotectResponse(decodeResponse(b))),
        ),
    },
    { name: 'MRZ', weight: 8, property: () => p(fc.oneof(mutatedText(DEMO_MRZ, MRZ_CHARS), fc.string({ maxLength: 100 })), typed(emrtdOnly, (s: string) => parseMrz(s))) },
    { name: 'CCCD QR', weight: 8, property: () => p(fc.oneof(mutatedText(DEMO_QR, ANY_CHAR), fc.string({ maxLength: 200 })), typed(emrtdOnly, (s: string) => parseCccdQr(s))) },
    { name: 'DG1', weight: 6, property: () => p(hostileBytes([dg1], 120), typed(emrtdOnly, (b: Uint8Array) => parseDg1(b))) },
    {
      name: 'DG2 / CBEFF / 19794-5 / 39794-5',
      weight: 8,
      property: () =>
        p(
          hostileBytes(dg2Heads, 200),
          typed(emrtdOnly, (b: Uint8Array) => {
            try {
              parseDg2(b);
            } finally {
              // The inner parsers straight on the same bytes, as a chip could put anything in any layer.
              tryTyped(() => parseBitGroup(b));
              tryTyped(() => parseFaceRecord(b));
              tryTyped(() => parseFaceImageDataBlock(b));
            }
          }),
        ),
    },
    { name: 'DG13', weight: 8, property: () => p(hostileBytes([dg13], 300), typed(emrtdOnly, (b: Uint8Array) => parseDg13(b))) },
    {
      name: 'DG14 / EF.CardAccess / EF.COM',
      weight: 6,
      property: () =>
        p(
          hostileBytes([dg14, cardAccess, com], 160),
          typed(emrtdOnly, (b: Uint8Array) => {
            // A broken EF.CardAccess is "no PACE", never an error.
            paceOfCardAccess(b);
            tryTyped(() => parseSecurityInfos(b));
            tryTyped(() => parseCom(b));
            parseDg14(b);
          }),
        ),
    },
    { name: 'DG15', weight: 5, property: () => p(hostileBytes([dg15], 120), typed(emrtdOnly, (b: Uint8Array) => parseDg15(b))) },
    {
      name: 'SOD / CMS',
      weight: 6,
      property: () =>
        p(
          hostileBytes([sod], 200),
          typed(emrtdOnly, (b: Uint8Array) => {
            tryTyped(() => parseSignedData(b.subarray(Math.min(b.length, 4)), 'SOD content'));
            signerSubjectDn(parseSod(b));
          }),
        ),
    },
    { name: 'CSCA master list', weight: 3, property: () => p(hostileBytes([masterList], 200), typed(emrtdOnly, (b: Uint8Array) => parseMasterList(b))) },
    {
      name: 'CRL / certificates / trust files',
      weight: 6,
      property: () =>
        p(
          hostileBytes([crl, ...certs], 200),
          typed(emrtdOnly, (b: Uint8Array) => {
            tryTyped(() => parseCrl(b));
            tryTyped(() => parseCertificate(b));
            new TrustStore().addBytes(b, 'fuzz');
          }),
        ),
    },
    {
      name: 'PACE responses',
      weight: 6,
      property: () => {
        const answers = [
          Uint8Array.of(0x7c, 0x12, 0x80, 0x10, ...new Uint8Array(16).fill(9)),
          Uint8Array.of(0x7c, 0x43, 0x82, 0x41, 0x04, ...new Uint8Array(64).fill(3)),
          Uint8Array.of(0x7c, 0x0a, 0x86, 0x08, 1, 2, 3, 4, 5, 6, 7, 8),
          Uint8Array.of(0x80, 0x0a, 0x04, 0x00, 0x7f, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02, 0x02, 0x83, 0x01, 0x01, 0x84, 0x01, 0x0d),
        ];
        return p(
          fc.tuple(hostileBytes(answers, 90), fc.integer({ min: 0x80, max: 0x86 })),
          typed(emrtdOnly, ([b, tag]: [Uint8Array, number]) => {
            tryTyped(() => parseDynamicAuthData(b, 'fuzz'));
            tryTyped(() => expectDynamicObject(b, tag, 'fuzz'));
            tryTyped(() => decodeOidValue(b));
            parseMseSetAt(b);
          }),
        );
      },
    },
    {
      name: 'BCBP / booking input',
      weight: 8,
      property: () =>
        p(
          fc.oneof(mutatedText(DEMO_BCBP, fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /^>'.split(''), 'Đ', '\u0000')), fc.string({ maxLength: 80 })),
          typed(backendOnly, (s: string) => parseBookingInput(s)),
        ),
    },
    {
      name: 'FHIR transaction-response / coverage',
      weight: 6,
      property: () =>
        fc.asyncProperty(
          hostileJson([DEMO_ADMISSION, DEMO_COVERAGE]),
          typedAsync(backendOnly, async (body: string) => {
            tryTyped(() => parseAdmissionResponse(body), backendOnly);
            const transport: Transport = { send: async () => ({ status: 200, body, headers: {} }) } as unknown as Transport;
            await lookupCoverage(transport, '001058012345');
          }),
        ) as unknown as fc.IAsyncPropertyWithHooks<[unknown]>,
    },
    {
      name: 'airline answers / card-read JSON',
      weight: 6,
      property: () =>
        p(
          hostileJson([DEMO_CHECKIN, JSON.stringify({ result: 'NEEDS_AGENT', reason: 'x' })]),
          typed(backendOnly, (body: string) => {
            tryTyped(() => parseCardReadJson(body), backendOnly);
            parseCheckinAnswer(body);
          }),
        ),
    },
    {
      // The whole terminal side (PACE or BAC, SM, the read plan, Active and Chip Authentication) when one chip
      // answer of a complete read is replaced: by noise, a cut or grown genuine answer, or a bare status word.
      name: 'chip read with one hostile answer',
      weight: 1,
      property: () => {
        const profile = loadCardDirectory(demoDir);
        const keys = [accessKeyFromMrz(profile.mrz)];
        const answer = fc.oneof(
          fc.uint8Array({ maxLength: 40 }),
          fc.constantFrom(0x9000, 0x6282, 0x6982, 0x6a82, 0x6700, 0x6cff, 0x6110, 0x6988).map((sw) => Uint8Array.of(sw >> 8, sw & 0xff)),
          fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 60 }), fc.constantFrom(0x9000, 0x6282)).map(([d, sw]) => Uint8Array.of(...d, sw >> 8, sw & 0xff)),
        );
        return fc.asyncProperty(
          fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 24 }), answer),
          typedAsync(emrtdOnly, async ([pace, at, response]: [boolean, number, Uint8Array]) => {
            const chip = new EmulatedChip(profile, { rejectPace: !pace });
            const channel = new HostileChannel(chip, { kind: 'replace', at, response });
            await readDocument(channel, { keys, files: ['COM', 'DG1', 'DG14', 'DG15'], timeBudgetMs: 5_000 });
          }),
        ) as unknown as fc.IAsyncPropertyWithHooks<[unknown]>;
      },
    },
  ];
}

/**
 * The genuine seeds parse: the mutations start from real structure (a seed that no longer parsed would turn
 * every case into noise that stops at the first byte). Returns the number of seeds checked.
 */
export async function checkSeeds(): Promise<number> {
  const files = ['COM', 'DG1', 'DG2', 'DG13', 'DG14', 'DG15', 'SOD'].map(demoFile);
  parseCom(files[0]);
  parseDg1(files[1]);
  if (parseDg2(files[2]).faces.length !== 1) throw new Error('DG2 seed: no face');
  parseDg13(files[3]);
  parseDg14(files[4]);
  parseDg15(files[5]);
  parseSod(files[6]);
  if (paceOfCardAccess(demoFile('CardAccess')).all.length === 0) throw new Error('CardAccess seed: no PACE');
  const pki = await loadOrCreateTestPki(join(repo, 'tests', 'fixtures', 'pki'));
  parseCrl(await makeCrl(pki.csca, { revoke: [pki.documentSigner.certificate] }));
  parseMasterList(await makeMasterList([pki.csca.certificate], pki.csca));
  for (const m of DEMO_MRZ) parseMrz(m);
  for (const q of DEMO_QR) parseCccdQr(q);
  for (const b of DEMO_BCBP) parseBookingInput(b);
  if (!parseAdmissionResponse(DEMO_ADMISSION).encounterId) throw new Error('admission seed: no Encounter');
  parseCheckinAnswer(DEMO_CHECKIN);
  for (const s of smSessions()) for (const r of s.responses) s.fresh().unprotectResponse(decodeResponse(r));
  return 21;
}

/** For parsers run side by side in one case: a typed error from one must not hide the others. */
function tryTyped(fn: () => unknown, accept: (e: unknown) => boolean = emrtdOnly): void {
  try {
    fn();
  } catch (e) {
    if (!accept(e)) throw e;
  }
}

export interface TargetResult {
  name: string;
  runs: number;
  ms: number;
  failure: string | null;
}

/** Runs one target for `numRuns` cases; the result names the counterexample when one is found. */
export async function runTarget(t: FuzzTarget, numRuns: number, seed?: number): Promise<TargetResult> {
  const started = performance.now();
  const details = await fc.check(t.property() as fc.IAsyncPropertyWithHooks<[unknown]>, { numRuns, seed, endOnFailure: false });
  const ms = Math.round(performance.now() - started);
  if (!details.failed) return { name: t.name, runs: details.numRuns, ms, failure: null };
  const err = details.errorInstance;
  const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { name: t.name, runs: details.numRuns, ms, failure: `${what}\n  seed ${details.seed}, path ${details.counterexamplePath}\n  counterexample ${fc.stringify(details.counterexample)}` };
}

/** Splits `total` runs by weight (every target gets at least `min`). */
export function runsByWeight(targets: readonly FuzzTarget[], total: number, min = 20): Map<string, number> {
  const sum = targets.reduce((s, t) => s + t.weight, 0);
  return new Map(targets.map((t) => [t.name, Math.max(min, Math.round((total * t.weight) / sum))]));
}
