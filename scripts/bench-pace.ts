// npx tsx scripts/bench-pace.ts [--runs=N] — CPU time of one full PACE (9303-11 §4.4, Generic Mapping) per
// standardized domain, on the pure-TypeScript path the kiosk runs under Electron (@noble/curves for ECDH, bigint
// modexp for DH, AES/3DES from the BoringSSL-safe subset). Process CPU time (user + system, so other load on a
// shared machine counts less than in wall time); the terminal's share is the whole run minus the CPU spent
// inside the software chip. The link is not modelled (see bench:card for time on the wire).
import { join, resolve } from 'node:path';
import { PlainSender, type CardChannel } from '../electron/emrtd/channel.ts';
import { accessKeyFromMrz } from '../electron/emrtd/access/access-key.ts';
import { performPace } from '../electron/emrtd/access/pace.ts';
import { paceOfCardAccess } from '../electron/emrtd/access/pace-card-access.ts';
import { EmulatedChip } from '../electron/card/emulator/chip.ts';
import { loadCardDirectory } from '../electron/card/emulator/card-profile.ts';
import { encodeCardAccess, type PaceOffer } from '../electron/card/fixtures/card-access.ts';
import { standardDomain } from '../electron/emrtd/access/pace-params.ts';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 10);
const base = loadCardDirectory(join(root, 'resources', 'demo-cards', 'nguyen-van-an'));
const key = accessKeyFromMrz(base.mrz);

const OFFERS: PaceOffer[] = [
  { parameterId: 13, cipher: 'AES-128' },
  { parameterId: 16, cipher: 'AES-256' },
  { parameterId: 17, cipher: 'AES-256' },
  { parameterId: 12, cipher: 'AES-128' },
  { parameterId: 15, cipher: 'AES-256' },
  { parameterId: 18, cipher: 'AES-256' },
  { parameterId: 9, cipher: 'AES-128' },
  { parameterId: 11, cipher: 'AES-128' },
  { parameterId: 14, cipher: 'AES-256' },
  { parameterId: 8, cipher: 'AES-128' },
  { parameterId: 10, cipher: 'AES-128' },
  { parameterId: 0, cipher: 'AES-128' },
  { parameterId: 1, cipher: 'AES-128' },
  { parameterId: 2, cipher: 'AES-256' },
  { parameterId: 13, cipher: '3DES' },
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Process CPU milliseconds (user + system) since `from`. */
const cpuMs = (from?: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

console.log(`PACE-MRZ, Generic Mapping, pure TypeScript path; ${runs} runs each after 2 warm-up runs (medians)\n`);
console.log('| domain | id | cipher | terminal CPU ms | chip CPU ms | whole PACE CPU ms | whole PACE wall ms |');
console.log('|---|---:|---|---:|---:|---:|---:|');
for (const offer of OFFERS) {
  const files = new Map(base.files);
  files.set('CardAccess', encodeCardAccess([offer]));
  const chip = new EmulatedChip({ ...base, files });
  let inChip = 0;
  const channel: CardChannel = {
    async transmit(apdu) {
      const t = process.cpuUsage();
      const r = await chip.transmit(apdu);
      inChip += cpuMs(t);
      return r;
    },
  };
  const info = paceOfCardAccess(files.get('CardAccess')!).chosen!;
  const terminal: number[] = [];
  const chipMs: number[] = [];
  const whole: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    inChip = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const { sm } = await performPace(new PlainSender(channel), key, info);
    const w = performance.now() - t0;
    const t = cpuMs(c0);
    sm.wipe();
    if (i < 2) continue;
    wall.push(w);
    whole.push(t);
    chipMs.push(inChip);
    terminal.push(t - inChip);
  }
  const d = standardDomain(offer.parameterId);
  console.log(`| ${d.name} | ${offer.parameterId} | ${offer.cipher} | ${median(terminal).toFixed(1)} | ${median(chipMs).toFixed(1)} | ${median(whole).toFixed(1)} | ${median(wall).toFixed(1)} |`);
}
