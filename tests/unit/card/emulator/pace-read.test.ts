// PACE end to end: the terminal (openSession / readDocument) against the software chip built from fixture cards,
// over the curves, groups and cipher suites of 9303-11 §9.5.1, with CAN and MRZ, and the fallbacks to BAC.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCommand } from '../../../../electron/emrtd/apdu.ts';
import { hex } from '../../../../electron/emrtd/bytes.ts';
import type { CardChannel } from '../../../../electron/emrtd/channel.ts';
import { PlainSender } from '../../../../electron/emrtd/channel.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { accessKeyFromCan, accessKeyFromMrz, type AccessKey } from '../../../../electron/emrtd/access/access-key.ts';
import { MAX_ACCESS_ATTEMPTS, openSession } from '../../../../electron/emrtd/access/open-session.ts';
import { readDocument } from '../../../../electron/emrtd/read/read-document.ts';
import { EmulatedChip, type EmulatorOptions } from '../../../../electron/card/emulator/chip.ts';
import { encodeCardAccess, type PaceOffer } from '../../../../electron/card/fixtures/card-access.ts';
import { buildCard, writeCardDirectory, type BuiltCard } from '../../../../electron/card/fixtures/make-card.ts';
import { loadCardDirectory, type CardProfile } from '../../../../electron/card/emulator/card-profile.ts';
import { TEST_CITIZEN, jpegPortrait, makeTestCard, profileOf, testPki } from '../../../helpers/cards.ts';

let cardPromise: Promise<BuiltCard> | undefined;
const baseCard = (): Promise<BuiltCard> => (cardPromise ??= makeTestCard('valid'));

/** The fixture card with EF.CardAccess offering `offers` (none: a BAC-only chip). */
async function profileWith(offers: readonly PaceOffer[] | null): Promise<CardProfile> {
  const p = profileOf(await baseCard());
  const files = new Map(p.files);
  if (offers) files.set('CardAccess', encodeCardAccess(offers));
  return { ...p, files };
}

/** Records every command APDU the terminal sends (hex). */
function recording(chip: EmulatedChip): { channel: CardChannel; sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    channel: {
      transmit(apdu) {
        sent.push(hex(apdu));
        return chip.transmit(apdu);
      },
    },
  };
}

const mrz = async (): Promise<AccessKey> => accessKeyFromMrz((await baseCard()).mrz.join('\n'));
const can = (): AccessKey => accessKeyFromCan(TEST_CITIZEN.can!);

async function open(offers: readonly PaceOffer[] | null, keys: AccessKey[], opts: EmulatorOptions = {}) {
  const chip = new EmulatedChip(await profileWith(offers), opts);
  const rec = recording(chip);
  const session = await openSession(new PlainSender(rec.channel), keys);
  // Prove the session by reading DG1 under the new keys.
  const r = await session.sender.send({ cla: 0x00, ins: 0xb0, p1: 0x81, p2: 0x00, le: 256 });
  return { session, sent: rec.sent, dg1: r };
}

const SUITES: Array<{ name: string; offer: PaceOffer; sm: '3DES' | 'AES' }> = [
  { name: 'brainpoolP256r1, AES-128', offer: { parameterId: 13, cipher: 'AES-128' }, sm: 'AES' },
  { name: 'NIST P-256, AES-128', offer: { parameterId: 12, cipher: 'AES-128' }, sm: 'AES' },
  { name: 'NIST P-256, 3DES', offer: { parameterId: 12, cipher: '3DES' }, sm: '3DES' },
  { name: 'brainpoolP384r1, AES-192', offer: { parameterId: 16, cipher: 'AES-192' }, sm: 'AES' },
  { name: 'NIST P-384, AES-256', offer: { parameterId: 15, cipher: 'AES-256' }, sm: 'AES' },
  { name: 'brainpoolP512r1, AES-256', offer: { parameterId: 17, cipher: 'AES-256' }, sm: 'AES' },
  { name: 'NIST P-521, AES-256', offer: { parameterId: 18, cipher: 'AES-256' }, sm: 'AES' },
  { name: 'brainpoolP192r1, 3DES', offer: { parameterId: 9, cipher: '3DES' }, sm: '3DES' },
  { name: 'NIST P-192, AES-128', offer: { parameterId: 8, cipher: 'AES-128' }, sm: 'AES' },
  { name: 'NIST P-224, AES-128', offer: { parameterId: 10, cipher: 'AES-128' }, sm: 'AES' },
  { name: 'brainpoolP224r1, AES-128', offer: { parameterId: 11, cipher: 'AES-128' }, sm: 'AES' },
  { name: 'brainpoolP320r1, AES-256', offer: { parameterId: 14, cipher: 'AES-256' }, sm: 'AES' },
  { name: 'DH 1024/160 (RFC 5114), AES-128', offer: { parameterId: 0, cipher: 'AES-128' }, sm: 'AES' },
  { name: 'DH 2048/224 (RFC 5114), 3DES', offer: { parameterId: 1, cipher: '3DES' }, sm: '3DES' },
  { name: 'DH 2048/256 (RFC 5114), AES-256', offer: { parameterId: 2, cipher: 'AES-256' }, sm: 'AES' },
];

describe('PACE with the software chip', () => {
  for (const { name, offer, sm } of SUITES) {
    it(`PACE-CAN and PACE-MRZ on ${name}`, async () => {
      const dg1 = (await baseCard()).files.get('DG1')!;
      const byCan = await open([offer], [can(), await mrz()]);
      expect(byCan.session.protocol).toBe('PACE-CAN');
      expect(byCan.session.attempts).toBe(1);
      expect(byCan.session.sender.sm.algorithm).toBe(sm);
      expect(hex(byCan.dg1.data)).toBe(hex(dg1));
      // MSE:Set AT names the CAN (83 01 02); one PACEInfo, so no DO'84'.
      const mse = byCan.sent.find((a) => a.startsWith('0022C1A4'))!;
      expect(mse).toMatch(/830102$/);

      const byMrz = await open([offer], [await mrz()]);
      expect(byMrz.session.protocol).toBe('PACE-MRZ');
      expect(hex(byMrz.dg1.data)).toBe(hex(dg1));
      expect(byMrz.sent.find((a) => a.startsWith('0022C1A4'))).toMatch(/830101$/);
    });
  }

  it('reads EF.CardAccess by SELECT 011C, never MF, with no Le on SELECT and MSE, chaining every GA but the last', async () => {
    const { sent, session } = await open([{ parameterId: 13, cipher: 'AES-128' }], [await mrz()]);
    expect(sent[0]).toBe('00A4020C02011C');
    expect(sent[1]).toBe('00B0000000');
    expect(sent.some((a) => a.startsWith('00A4000C023F00') || a === '00A40000')).toBe(false);
    const cmds = sent.map((a) => decodeCommand(Uint8Array.from(Buffer.from(a, 'hex'))));
    const plainSelectOrMse = cmds.filter((c) => c.cla === 0x00 && (c.ins === 0xa4 || c.ins === 0x22));
    expect(plainSelectOrMse).toHaveLength(2);
    expect(plainSelectOrMse.every((c) => c.le === undefined)).toBe(true);
    expect(cmds.filter((c) => c.ins === 0x86).map((c) => c.cla)).toEqual([0x10, 0x10, 0x10, 0x00]);
    // The EC public keys travel at full size: 04 ‖ 32-byte x ‖ 32-byte y.
    expect(sent[4]).toMatch(/^10860000457C43814104/);
    expect(session.cardAccess).toBeDefined();
    expect(session.pace).toMatchObject({ parameterId: 13, suite: { agreement: 'ECDH', mapping: 'GM', cipher: 'AES-128' } });
  });

  it("picks ECDH over DH among several PACEInfos and names the domain with DO'84'", async () => {
    const { sent, session } = await open(
      [
        { parameterId: 2, cipher: 'AES-256' },
        { parameterId: 12, cipher: 'AES-128' },
        { parameterId: 13, cipher: 'AES-128' },
      ],
      [await mrz()],
    );
    expect(session.pace?.parameterId).toBe(12);
    expect(sent.find((a) => a.startsWith('0022C1A4'))).toBe('0022C1A412800A04007F0007020204020283010184010C');
  });

  it('falls back to BAC when the chip answers 6982 to MSE:Set AT', async () => {
    const { session, sent, dg1 } = await open([{ parameterId: 13, cipher: 'AES-128' }], [can(), await mrz()], { rejectPace: true });
    expect(session.protocol).toBe('BAC');
    expect(session.attempts).toBe(1);
    expect(session.cardAccess).toBeDefined();
    expect(sent.filter((a) => a.startsWith('0022C1A4'))).toHaveLength(1);
    expect(hex(dg1.data)).toBe(hex((await baseCard()).files.get('DG1')!));
  });

  it('falls back to BAC without EF.CardAccess, or with one that lists no PACE it can run', async () => {
    expect((await open(null, [await mrz()])).session.protocol).toBe('BAC');
    const junk = await profileWith(null);
    junk.files.set('CardAccess', Uint8Array.of(0x31, 0x03, 0x02, 0x01, 0x01));
    const s = await openSession(new PlainSender(new EmulatedChip(junk)), [await mrz()]);
    expect(s.protocol).toBe('BAC');
  });

  it('says ACCESS_DENIED for a wrong CAN, and goes on to PACE-MRZ when the MRZ is also known', async () => {
    const wrong = accessKeyFromCan('000000');
    const err = await open([{ parameterId: 13, cipher: 'AES-128' }], [wrong]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmrtdError);
    expect((err as EmrtdError).code).toBe('ACCESS_DENIED');

    const next = await open([{ parameterId: 13, cipher: 'AES-128' }], [wrong, await mrz()]);
    expect(next.session.protocol).toBe('PACE-MRZ');
    expect(next.session.attempts).toBe(2);
  });

  it('does not retry with BAC an MRZ key PACE rejected, and stops after the attempt limit', async () => {
    const wrongMrz = { ...(await mrz()), mrzInformation: '058012346658031539912317' } as AccessKey;
    const chip = new EmulatedChip(await profileWith([{ parameterId: 13, cipher: 'AES-128' }]));
    const rec = recording(chip);
    const keys = Array.from({ length: MAX_ACCESS_ATTEMPTS + 2 }, () => ({ ...wrongMrz }));
    const err = await openSession(new PlainSender(rec.channel), keys).catch((e: unknown) => e);
    expect((err as EmrtdError).code).toBe('ACCESS_DENIED');
    expect(rec.sent.filter((a) => a.startsWith('0022C1A4'))).toHaveLength(MAX_ACCESS_ATTEMPTS);
    expect(rec.sent.some((a) => a.startsWith('0084'))).toBe(false); // no GET CHALLENGE
  });

  it('reports CARD_REMOVED when the card leaves during PACE', async () => {
    const chip = new EmulatedChip(await profileWith([{ parameterId: 13, cipher: 'AES-128' }]), { removeAfterApdus: 4 });
    const err = await openSession(new PlainSender(chip), [await mrz()]).catch((e: unknown) => e);
    expect((err as EmrtdError).code).toBe('CARD_REMOVED');
  });

  it('a full readDocument over PACE reads the same files as over BAC', async () => {
    const card = await buildCard(TEST_CITIZEN, {
      portrait: jpegPortrait(),
      signer: (await testPki()).documentSigner,
      pace: [{ parameterId: 13, cipher: 'AES-128' }],
    });
    expect(card.files.has('CardAccess')).toBe(true);
    const key = accessKeyFromMrz(card.mrz.join('\n'));
    const bacProfile = profileOf(card);
    bacProfile.files = new Map([...card.files].filter(([n]) => n !== 'CardAccess'));
    const overBac = await readDocument(new EmulatedChip(bacProfile), { keys: [key] });
    expect(overBac.access.protocol).toBe('BAC');
    for (const extendedLength of [true, false]) {
      const overPace = await readDocument(new EmulatedChip(profileOf(card), { extendedLength }), { keys: [can(), key] });
      expect(overPace.access).toEqual({ protocol: 'PACE-CAN', attempts: 1 });
      expect([...overPace.files.keys()]).toEqual([...overBac.files.keys()]);
      for (const [name, bytes] of overBac.files) expect(hex(overPace.files.get(name)!), name).toBe(hex(bytes));
      expect(overPace.absent).toEqual(overBac.absent);
    }
  });

  it('learns PACE from a card directory: CardAccess.bin, and the CAN from card.json', async () => {
    const card = await baseCard();
    const dir = mkdtempSync(join(tmpdir(), 'pace-card-'));
    try {
      const files = new Map(card.files);
      files.set('CardAccess', encodeCardAccess([{ parameterId: 2, cipher: 'AES-128' }]));
      writeCardDirectory(dir, { ...card, files, can: TEST_CITIZEN.can });
      const chip = new EmulatedChip(loadCardDirectory(dir));
      const s = await openSession(new PlainSender(chip), [can()]);
      expect(s.protocol).toBe('PACE-CAN');
      expect(s.pace?.suite.agreement).toBe('DH');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
