// Fault injection: the card leaves the reader at every phase of a visit (emulated reader, KioskCore in-process).
// What the kiosk must do at each:
//   access-key / place-card   the card is asked for (again) before any read; the visit then completes
//   reading (every stage)     the kiosk asks for the card back ("resume"), keeps the files already read, stops
//                             the camera, and the read resumes and completes on the same card
//   face … result              the chip has been read and verified: the card is no longer needed, the visit
//                             goes on to its result on the data read (nothing is read again)
// and afterwards nothing of the visit is left in main.
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../electron/checkin/kiosk-core.ts';
import type { VisitBackends } from '../../../electron/checkin/submission.ts';
import { fakeBackends } from '../checkin/fakes.ts';
import { AN_CARD, AN_KEY, EMPTY_RESIDUE, at, feedFrames, gate, makeKiosk, toKey, until, type TestKiosk } from './faults-harness.ts';

let open: KioskCore[] = [];
afterEach(async () => {
  for (const c of open) await c.close();
  open = [];
});

function kiosk(backends: VisitBackends = fakeBackends()): TestKiosk & { backends: VisitBackends } {
  const k = makeKiosk(backends);
  open.push(k.core);
  return { ...k, backends };
}

async function finishClean(k: TestKiosk): Promise<void> {
  await k.core.call('finish', {});
  expect(k.core.view().screen.step).toBe('attract');
  expect(k.core.residue()).toEqual(EMPTY_RESIDUE);
  expect(k.reader.present()).toBeNull();
}

/** APDUs of one whole read of An's card, from the audit event of a clean visit. */
async function apdusOfOneRead(): Promise<number> {
  const k = kiosk();
  await toKey(k.core);
  await k.core.call('submitAccessKey', AN_KEY);
  k.reader.tap(AN_CARD);
  await until(k.core, at('face'));
  const chip = k.audit.events.find((e) => e.type === 'visit.chip');
  return Number(chip?.data.apdus);
}

describe('the card removed at every phase of the visit', () => {
  it('access-key: the card was on the reader and is taken away before the key is entered → asked for, then read', async () => {
    const k = kiosk();
    k.reader.tap(AN_CARD);
    await toKey(k.core);
    k.reader.remove();
    await k.core.call('submitAccessKey', AN_KEY);
    expect(k.core.view().screen).toEqual({ step: 'place-card', resume: false });
    k.reader.tap(AN_CARD);
    await until(k.core, at('face'));
    await feedFrames(k.core, 'result');
    expect(k.core.view().screen).toMatchObject({ step: 'result', result: { kind: 'hospital-ticket' } });
    await finishClean(k);
  });

  it('place-card: the card touches the reader and leaves before the first APDU → asked back (resume), nothing read yet', async () => {
    const k = kiosk();
    await toKey(k.core);
    await k.core.call('submitAccessKey', AN_KEY);
    k.reader.tap(AN_CARD);
    k.reader.remove();
    const v = await until(k.core, (x) => x.screen.step === 'place-card' && x.screen.resume, 'asked back');
    expect(v.screen).toEqual({ step: 'place-card', resume: true });
    expect(k.core.residue().files).toBe(0);
    k.reader.tap(AN_CARD);
    const verdict = await until(k.core, at('face'));
    expect(verdict.screen).toMatchObject({ verdict: { accepted: true, passive: 'valid' } });
  });

  it('reading: pulled at every stage of the read (access, each file, CA/AA) → asked back each time, and the resumed read is genuine', async () => {
    const total = await apdusOfOneRead();
    expect(total).toBeGreaterThan(24);
    // After every APDU of the access protocol and the first selections, then every 6th through the files
    // (the portrait alone is ~100 chunks), and after the last-but-one.
    const points = [...new Set([...Array.from({ length: 24 }, (_, i) => i + 1), ...Array.from({ length: Math.floor(total / 6) }, (_, i) => (i + 1) * 6), total - 1])].filter((n) => n < total);
    const kept: number[] = [];
    for (const n of points) {
      const k = kiosk();
      await toKey(k.core);
      await k.core.call('submitAccessKey', AN_KEY);
      k.reader.tap(AN_CARD, { pullAfterApdus: n });
      const v = await until(k.core, (x) => (x.screen.step === 'place-card' && x.screen.resume) || x.screen.step === 'failed' || x.screen.step === 'face', `pulled after ${n}`);
      expect(v.screen, `pulled after APDU ${n}`).toEqual({ step: 'place-card', resume: true });
      // The camera that ran under the read is stopped while the card is asked back.
      expect(k.core.residue().face, `camera after APDU ${n}`).toBe(false);
      kept.push(k.core.residue().files);
      k.reader.tap(AN_CARD);
      const done = await until(k.core, (x) => x.screen.step === 'face' || x.screen.step === 'failed' || x.screen.step === 'access-key', `resumed after ${n}`);
      expect(done.screen, `resumed after APDU ${n}`).toMatchObject({ step: 'face', verdict: { accepted: true, passive: 'valid', active: 'valid', chip: 'valid' } });
      // The chip's data has been checked and zeroed: only the verdict and the card result remain.
      expect(k.core.residue()).toMatchObject({ files: 0, card: true });
      await k.core.close();
    }
    // Files read before the pull are kept for the resume: late pulls keep more than early ones.
    expect(kept[0]).toBe(0);
    expect(Math.max(...kept)).toBeGreaterThan(0);
  }, 300_000);

  it('chip accepted: the card is taken away as the face screen shows its verdict → the face step goes on to its result', async () => {
    const k = kiosk();
    await toKey(k.core);
    await k.core.call('submitAccessKey', AN_KEY);
    k.reader.tap(AN_CARD);
    await until(k.core, at('face'));
    k.reader.remove();
    const r = await feedFrames(k.core, 'result');
    expect(r.screen).toMatchObject({ result: { kind: 'hospital-ticket', holderName: 'Nguyễn Văn An' } });
    expect((k.backends as ReturnType<typeof fakeBackends>).submitted).toHaveLength(1);
    await finishClean(k);
  });

  it('face: the card is taken away while the camera runs → the face step finishes and the visit is submitted', async () => {
    const k = kiosk();
    await toKey(k.core);
    await k.core.call('submitAccessKey', AN_KEY);
    k.reader.tap(AN_CARD);
    await until(k.core, (v) => v.screen.step === 'face' && v.screen.face.phase === 'positioning');
    k.reader.remove();
    expect(k.core.view().screen.step).toBe('face');
    const r = await feedFrames(k.core, 'result');
    expect(r.screen).toMatchObject({ result: { kind: 'hospital-ticket', staffVerified: false } });
    await finishClean(k);
  });

  it('booking: the card is taken away at the airport booking step → the booking is accepted and checked in', async () => {
    const k = kiosk();
    await toKey(k.core, 'airport');
    await k.core.call('submitAccessKey', AN_KEY);
    k.reader.tap(AN_CARD);
    await feedFrames(k.core, 'booking');
    k.reader.remove();
    await k.core.call('submitBooking', { text: 'ABC123' });
    const r = await until(k.core, at('result'));
    expect(r.screen).toMatchObject({ result: { kind: 'boarding', seat: '12A' } });
    await finishClean(k);
  });

  it('submitting: the card is taken away while the backend answers → the answer is shown', async () => {
    const hold = gate();
    const base = fakeBackends();
    const backends: VisitBackends = {
      ...base,
      async submitHospitalVisit(v) {
        await hold.promise;
        return base.submitHospitalVisit(v);
      },
    };
    const k = kiosk(backends);
    await toKey(k.core);
    await k.core.call('submitAccessKey', AN_KEY);
    k.reader.tap(AN_CARD);
    await feedFrames(k.core, 'submitting');
    k.reader.remove();
    expect(k.core.view().screen.step).toBe('submitting');
    hold.open();
    const r = await until(k.core, at('result'));
    expect(r.screen).toMatchObject({ result: { kind: 'hospital-ticket', ticket: { number: 'KB-007' } } });
    expect(base.submitted).toHaveLength(1);
    await finishClean(k);
  });

  it('result: the card is taken away on the result screen → the result stays until Done, then everything is wiped', async () => {
    const k = kiosk();
    await toKey(k.core);
    await k.core.call('submitAccessKey', AN_KEY);
    k.reader.tap(AN_CARD);
    await feedFrames(k.core, 'result');
    k.reader.remove();
    expect(k.core.view().screen).toMatchObject({ step: 'result', result: { kind: 'hospital-ticket' } });
    await finishClean(k);
  });
});
