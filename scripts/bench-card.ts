// npm run bench:card — how fast a CCCD chip reads on modelled contactless links.
// For each link (106/212/424/848 kbit/s, 10 ms turnaround per APDU) and chunk size (160, 223, extended):
// APDUs, bytes on the wire, modelled and measured ms for COM+SOD+DG1+DG13+DG2; then the CPU cost of
// secure-messaging crypto per KB. Targets (issue): extended ≤ 1.2× the wire-time floor, and ≤ ¼ of the
// APDUs of 223-byte chunks.
import { join, resolve } from 'node:path';
import { hex } from '../electron/emrtd/bytes.ts';
import { accessKeyFromMrz } from '../electron/emrtd/access/access-key.ts';
import { ChunkMemory, type ChunkMode } from '../electron/emrtd/read/chunking.ts';
import { readDocument } from '../electron/emrtd/read/read-document.ts';
import { EmulatedChip } from '../electron/card/emulator/chip.ts';
import { loadCardDirectory } from '../electron/card/emulator/card-profile.ts';
import { wireFloorMs, type LinkModel } from '../electron/card/emulator/link-model.ts';
import { SecureMessaging } from '../electron/emrtd/sm/secure-messaging.ts';
import { tdesSmCipher, aesSmCipher } from '../electron/emrtd/sm/cipher.ts';
import { randomBytes } from '../electron/emrtd/crypto/random.ts';

// `npm run bench:card -- --pcsc`: the real PC/SC stack (pcscd + vpcd) against the in-process emulator instead.
if (process.argv.includes('--pcsc')) {
  await import('./bench-pcsc.ts');
  process.exit();
}

const root = resolve(import.meta.dirname, '..');
const cardDir = process.argv.find((a) => a.startsWith('--card='))?.slice(7) ?? join(root, 'resources', 'demo-cards', 'nguyen-van-an');
const profile = loadCardDirectory(cardDir);
const key = accessKeyFromMrz(profile.mrz);
const FILES = ['COM', 'SOD', 'DG1', 'DG13', 'DG2'] as const;
const payload = FILES.reduce((n, f) => n + (profile.files.get(f)?.length ?? 0), 0);

console.log(`card ${cardDir.split('/').pop()}: COM+SOD+DG1+DG13+DG2 = ${payload} bytes (DG2 ${profile.files.get('DG2')?.length} bytes)\n`);
console.log('| link | chunk | APDUs | bytes on wire | floor ms | modelled ms | × floor | measured ms |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');

const verdicts: string[] = [];
for (const kbps of [106, 212, 424, 848]) {
  const link: LinkModel = { bitRate: kbps * 1000, turnaroundMs: 10 };
  const rows: Record<string, { apdus: number; modelled: number }> = {};
  for (const mode of [160, 223, 'extended'] as ChunkMode[]) {
    const chip = new EmulatedChip(profile, { link });
    const memory = new ChunkMemory();
    memory.remember(hex(chip.atr), mode);
    const t0 = performance.now();
    const doc = await readDocument(chip, { keys: [key], atr: hex(chip.atr), chunkMemory: memory, files: FILES });
    const measured = performance.now() - t0;
    const wire = doc.stats.bytesSent + doc.stats.bytesReceived;
    const floor = wireFloorMs(link, payload);
    rows[String(mode)] = { apdus: doc.stats.apdus, modelled: chip.modelledMs };
    console.log(
      `| ${kbps} kbit/s | ${mode} | ${doc.stats.apdus} | ${wire} | ${floor.toFixed(0)} | ${chip.modelledMs.toFixed(0)} | ${(chip.modelledMs / floor).toFixed(2)} | ${measured.toFixed(1)} |`,
    );
  }
  const ext = rows.extended;
  const floor = wireFloorMs(link, payload);
  verdicts.push(
    `${kbps} kbit/s: extended ${(ext.modelled / floor).toFixed(2)}× floor (${ext.modelled / floor <= 1.2 ? 'meets' : 'misses'} ≤ 1.2×), ` +
      `APDUs ${ext.apdus} vs ${rows['223'].apdus} at 223 (${ext.apdus * 4 <= rows['223'].apdus ? 'meets' : 'misses'} ≤ ¼)`,
  );
}
console.log('\nTargets:');
for (const v of verdicts) console.log(`- ${v}`);

// CPU cost of secure messaging on the terminal side: unwrap (MAC check + decrypt) of 1 KB responses.
console.log('\n| SM cipher | CPU ms per KB (unwrap) | CPU ms per KB (wrap, chip side) |');
console.log('|---|---:|---:|');
for (const [name, cipher, sscLength] of [
  ['3DES', tdesSmCipher(randomBytes(16), randomBytes(16)), 8],
  ['AES-128', aesSmCipher(randomBytes(16), randomBytes(16)), 16],
] as const) {
  const chip = new SecureMessaging(cipher, new Uint8Array(sscLength));
  const term = new SecureMessaging(cipher, new Uint8Array(sscLength));
  const data = randomBytes(1024);
  const n = 300;
  let wrapMs = 0;
  let unwrapMs = 0;
  for (let i = 0; i < n; i++) {
    chip.unprotectCommand(term.protectCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1024 }));
    const t0 = performance.now();
    const wrapped = chip.protectResponse({ data, sw: 0x9000 });
    const t1 = performance.now();
    term.unprotectResponse(wrapped);
    wrapMs += t1 - t0;
    unwrapMs += performance.now() - t1;
  }
  console.log(`| ${name} | ${(unwrapMs / n).toFixed(3)} | ${(wrapMs / n).toFixed(3)} |`);
}

// Host-side authenticity work on the same machine (issue: PACE per curve, PA, AA, CA; native vs pure path).
console.log('\n## PACE CPU per standardized domain (scripts/bench-pace.ts)\n');
await import('./bench-pace.ts');
console.log('\n## Passive, Active and Chip Authentication CPU (scripts/bench-auth.ts)\n');
await import('./bench-auth.ts');
