// Test cards built at test time from ../shared/faces: the demo citizens' records with every variant the
// chip core and the trust layer must handle.
import { readFileSync } from 'node:fs';
import { DEMO_CITIZENS } from '../../electron/card/fixtures/demo-citizens.ts';
import { buildCard, type BuiltCard, type CitizenRecord } from '../../electron/card/fixtures/make-card.ts';
import { chipPortraitFromJpeg, type PortraitImage } from '../../electron/card/fixtures/portrait.ts';
import { loadOrCreateTestPki, makeExpiredSigner, makeForeignSigner, type TestPki } from '../../electron/card/fixtures/test-pki.ts';
import type { CardProfile } from '../../electron/card/emulator/card-profile.ts';
import { imageSize } from '../../electron/emrtd/lds/image-info.ts';
import { repoRoot, sharedPath } from './shared.ts';

export type CardVariant = 'valid' | 'tampered-dg13' | 'tampered-dg2' | 'wrong-signer' | 'expired-signer' | 'no-dg13' | 'jpeg2000' | 'large-portrait';

export const CARD_VARIANTS: readonly CardVariant[] = ['valid', 'tampered-dg13', 'tampered-dg2', 'wrong-signer', 'expired-signer', 'no-dg13', 'jpeg2000', 'large-portrait'];

export const TEST_CITIZEN: CitizenRecord = DEMO_CITIZENS[0].record;

let pki: Promise<TestPki> | undefined;
export function testPki(): Promise<TestPki> {
  pki ??= loadOrCreateTestPki(`${repoRoot}/tests/fixtures/pki`);
  return pki;
}

export function jpegPortrait(file = 'public-domain/obama/2.jpg', size?: { width: number; height: number; quality?: number }): PortraitImage {
  return chipPortraitFromJpeg(new Uint8Array(readFileSync(sharedPath('faces', file))), size);
}

export function jp2Portrait(): PortraitImage {
  const image = new Uint8Array(readFileSync(sharedPath('faces', 'chip-sim', 'chip-vlado.jp2')));
  const size = imageSize(image);
  if (!size) throw new Error('chip-vlado.jp2: no size');
  return { image, format: 'jpeg2000', ...size };
}

export async function makeTestCard(variant: CardVariant, citizen: CitizenRecord = TEST_CITIZEN): Promise<BuiltCard> {
  const p = await testPki();
  switch (variant) {
    case 'valid':
      return buildCard(citizen, { portrait: jpegPortrait(), signer: p.documentSigner });
    case 'tampered-dg13':
      return buildCard(citizen, { portrait: jpegPortrait(), signer: p.documentSigner, tamper: 'DG13' });
    case 'tampered-dg2':
      return buildCard(citizen, { portrait: jpegPortrait(), signer: p.documentSigner, tamper: 'DG2' });
    case 'wrong-signer':
      return buildCard(citizen, { portrait: jpegPortrait(), signer: (await makeForeignSigner()).documentSigner });
    case 'expired-signer':
      return buildCard(citizen, { portrait: jpegPortrait(), signer: await makeExpiredSigner(p) });
    case 'no-dg13':
      return buildCard(citizen, { portrait: jpegPortrait(), signer: p.documentSigner, omitDg13: true });
    case 'jpeg2000':
      return buildCard(citizen, { portrait: jp2Portrait(), signer: p.documentSigner });
    case 'large-portrait':
      // Above 32 KiB: reading it by offset needs the odd INS B1 beyond offset 32767.
      return buildCard(citizen, { portrait: jpegPortrait('public-domain/obama/1.jpg', { width: 480, height: 640, quality: 92 }), signer: p.documentSigner });
  }
}

export function profileOf(card: BuiltCard): CardProfile {
  return { mrz: card.mrz.join('\n'), can: card.can, files: card.files };
}
