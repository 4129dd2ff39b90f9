// Full reads of fixture cards through the software chip: the chip core end to end.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessKeyFromMrz, accessKeyFromTriple, accessKeysFromQr } from '../../../../electron/emrtd/access/access-key.ts';
import { hex } from '../../../../electron/emrtd/bytes.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { ChunkMemory } from '../../../../electron/emrtd/read/chunking.ts';
import { PartialReadError } from '../../../../electron/emrtd/read/file-reader.ts';
import { readDocument } from '../../../../electron/emrtd/read/read-document.ts';
import type { ReadProgress } from '../../../../electron/emrtd/read/read-plan.ts';
import { parseDg2 } from '../../../../electron/emrtd/lds/dg2.ts';
import { EmulatedChip } from '../../../../electron/card/emulator/chip.ts';
import { toCardReadResult } from '../../../../electron/card/read-result.ts';
import { toCardReadError } from '../../../../electron/card/read-errors.ts';
import { CARD_VARIANTS, TEST_CITIZEN, makeTestCard, profileOf } from '../../../helpers/cards.ts';

const key = (mrz: string[]) => accessKeyFromMrz(mrz.join('\n'));

describe('reading fixture cards through the emulator', () => {
  for (const variant of CARD_VARIANTS) {
    it(`reads the ${variant} card completely`, async () => {
      const card = await makeTestCard(variant);
      const chip = new EmulatedChip(profileOf(card));
      const doc = await readDocument(chip, { keys: [key(card.mrz)] });
      // Every file the chip holds came back byte for byte.
      for (const [name, bytes] of card.files) expect(hex(doc.files.get(name) ?? new Uint8Array(0)), name).toBe(hex(bytes));
      const { result, portrait } = toCardReadResult(doc);
      expect(result.access).toEqual({ protocol: 'BAC', attempts: 1 });
      expect(result.mrz).toMatchObject({ documentCode: 'ID', issuer: 'VNM', documentNumber: '058012345', idNumber: TEST_CITIZEN.idNumber, dateOfExpiry: null, surname: 'NGUYEN', givenNames: 'VAN AN' });
      if (variant === 'no-dg13') expect(result.personal).toBeNull();
      else {
        expect(result.personal?.fullName).toBe(TEST_CITIZEN.fullName);
        expect(result.personal?.fatherName).toBe(TEST_CITIZEN.fatherName);
        expect(result.personal?.dateOfIssue).toBe(TEST_CITIZEN.dateOfIssue);
      }
      const embedded = parseDg2(card.files.get('DG2')!).faces[0];
      expect(result.portrait).toEqual({
        format: variant === 'jpeg2000' ? 'jpeg2000' : 'jpeg',
        width: embedded.width,
        height: embedded.height,
        sha256: createHash('sha256').update(embedded.image).digest('hex'),
      });
      expect(hex(portrait!)).toBe(hex(embedded.image));
      expect(result.dataGroups).toEqual(variant === 'no-dg13' ? ['COM', 'SOD', 'DG1', 'DG2'] : ['COM', 'SOD', 'DG1', 'DG2', 'DG13']);
      expect(result.authenticity.passive.status).toBe('not-checked');
    });
  }

  it('uses one READ BINARY per file with extended length, and 223-byte chunks without it', async () => {
    const card = await makeTestCard('valid');
    const ext = await readDocument(new EmulatedChip(profileOf(card)), { keys: [key(card.mrz)] });
    // SELECT EF.CardAccess (6A82: no PACE), SELECT AID, GET CHALLENGE, EXTERNAL AUTHENTICATE, then COM, SOD,
    // DG1, DG13, DG2 (DG14/15 not in EF.COM).
    expect(ext.stats.apdus).toBe(9);
    expect(ext.chunkMode).toBe('extended');

    const memory = new ChunkMemory();
    const chip = new EmulatedChip(profileOf(card), { extendedLength: false });
    const short = await readDocument(chip, { keys: [key(card.mrz)], atr: hex(chip.atr), chunkMemory: memory });
    expect(short.chunkMode).toBe(223);
    expect(hex(short.files.get('DG2')!)).toBe(hex(card.files.get('DG2')!));
    const dg2Chunks = Math.ceil(card.files.get('DG2')!.length / 223);
    expect(short.stats.apdus).toBeGreaterThanOrEqual(3 + 4 + dg2Chunks);
    // Remembered per ATR: the next read of this card model does not probe again.
    expect(memory.get(hex(chip.atr))).toBe(223);
    const again = await readDocument(new EmulatedChip(profileOf(card), { extendedLength: false }), { keys: [key(card.mrz)], atr: hex(chip.atr), chunkMemory: memory });
    expect(again.stats.apdus).toBeLessThan(short.stats.apdus);
  });

  it('falls back to 160-byte chunks on a chip that answers 6Cxx to longer reads', async () => {
    const card = await makeTestCard('valid');
    const chip = new EmulatedChip(profileOf(card), { extendedLength: false, shortReadLimit: 160 });
    const doc = await readDocument(chip, { keys: [key(card.mrz)] });
    expect(doc.chunkMode).toBe(160);
    expect(hex(doc.files.get('DG2')!)).toBe(hex(card.files.get('DG2')!));
  });

  it('reads a portrait beyond offset 32767 with odd INS B1 (short and extended)', async () => {
    const card = await makeTestCard('large-portrait');
    const dg2 = card.files.get('DG2')!;
    expect(dg2.length).toBeGreaterThan(32768);
    for (const extendedLength of [true, false]) {
      const chip = new EmulatedChip(profileOf(card), { extendedLength, maxResponseBytes: extendedLength ? 8192 : undefined });
      const doc = await readDocument(chip, { keys: [key(card.mrz)] });
      expect(hex(doc.files.get('DG2')!)).toBe(hex(dg2));
    }
  });

  it('emits progress for every chunk of DG2, ending at its size', async () => {
    const card = await makeTestCard('valid');
    const events: ReadProgress[] = [];
    await readDocument(new EmulatedChip(profileOf(card), { extendedLength: false }), { keys: [key(card.mrz)], onProgress: (p) => events.push(p) });
    const dg2 = events.filter((e) => e.file === 'DG2');
    expect(dg2.length).toBeGreaterThan(10);
    for (let i = 1; i < dg2.length; i++) expect(dg2[i].bytesRead).toBeGreaterThan(dg2[i - 1].bytesRead);
    expect(dg2.at(-1)).toEqual({ file: 'DG2', bytesRead: card.files.get('DG2')!.length, total: card.files.get('DG2')!.length });
    // The read plan's order: DG2 last.
    expect([...new Set(events.map((e) => e.file))]).toEqual(['COM', 'SOD', 'DG1', 'DG13', 'DG2']);
  });

  it('reports CARD_REMOVED when the card leaves in the middle of DG2, then reads again once it is back', async () => {
    const card = await makeTestCard('valid');
    const chip = new EmulatedChip(profileOf(card), { extendedLength: false, removeAfterApdus: 30 });
    const err = await readDocument(chip, { keys: [key(card.mrz)] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialReadError);
    const partial = err as PartialReadError;
    expect(partial.code).toBe('CARD_REMOVED');
    expect(partial.file).toBe('DG2');
    expect(partial.bytes.length).toBeGreaterThan(0);
    expect(partial.bytes.length).toBeLessThan(card.files.get('DG2')!.length);
    expect(toCardReadError(err).code).toBe('CARD_REMOVED');

    chip.reinsert();
    const doc = await readDocument(chip, { keys: [key(card.mrz)] });
    expect(hex(doc.files.get('DG2')!)).toBe(hex(card.files.get('DG2')!));

    // Resuming from what was read keeps the bytes already moved off the wire.
    const chip2 = new EmulatedChip(profileOf(card), { extendedLength: false });
    const resumed = await readDocument(chip2, { keys: [key(card.mrz)], resume: new Map([['DG2', partial.bytes]]) });
    expect(hex(resumed.files.get('DG2')!)).toBe(hex(card.files.get('DG2')!));
    expect(resumed.stats.bytesReceived).toBeLessThan(doc.stats.bytesReceived - partial.bytes.length + 500);
  });

  it('rejects a wrong expiry date as ACCESS_KEY_REJECTED', async () => {
    const card = await makeTestCard('valid');
    const chip = new EmulatedChip(profileOf(card));
    const err = await readDocument(chip, { keys: [accessKeyFromTriple(TEST_CITIZEN.idNumber, '580315', '330315')] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmrtdError);
    expect((err as EmrtdError).code).toBe('ACCESS_DENIED');
    expect(toCardReadError(err).code).toBe('ACCESS_KEY_REJECTED');
  });

  it('opens the chip from the 12-digit ID, birth date and no-expiry 991231', async () => {
    const card = await makeTestCard('valid');
    const doc = await readDocument(new EmulatedChip(profileOf(card)), { keys: [accessKeyFromTriple(TEST_CITIZEN.idNumber, '580315', '991231')] });
    expect(doc.access.attempts).toBe(1);
  });

  it('opens the chip from the CCCD QR code by trying likely expiry dates', async () => {
    const card = await makeTestCard('valid');
    const qr = `${TEST_CITIZEN.idNumber}|${TEST_CITIZEN.oldIdNumber}|${TEST_CITIZEN.fullName}|15031958|Nam|${TEST_CITIZEN.placeOfResidence}|10042021`;
    const keys = accessKeysFromQr(qr, new Date('2026-11-22'));
    expect(keys.length).toBeLessThanOrEqual(5);
    const doc = await readDocument(new EmulatedChip(profileOf(card)), { keys });
    expect(doc.access.protocol).toBe('BAC');
    expect(doc.access.attempts).toBeGreaterThanOrEqual(1);
  });

  it('answers 6982 to data groups before access control and 6D00 to SELECT MF', async () => {
    const card = await makeTestCard('valid');
    const chip = new EmulatedChip(profileOf(card));
    const sw = async (apdu: string) => hex(await chip.transmit(Uint8Array.from(Buffer.from(apdu, 'hex'))));
    expect(await sw('00A4040C07A0000002471001')).toBe('9000');
    expect(await sw('00A4020C020101')).toBe('6982');
    expect(await sw('00B0810000')).toBe('6982');
    expect(await sw('00A4000C023F00')).toBe('6D00');
    expect(await sw('00A4020C02011C')).toBe('6A82'); // no EF.CardAccess on a BAC-only card
  });
});
