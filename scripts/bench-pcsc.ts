// npm run bench:card -- --pcsc — what the real PC/SC stack costs: per-APDU round trip through pcscd (vpcd driver,
// our software chip on its socket) against the in-process emulator, and a full check-in read both ways.
// Starts pcscd (by PID, stopped at the end) unless ours already runs. The vpcd figure includes ≈40 ms of TCP
// delayed ACK per APDU that Node cannot switch off on the card side (no TCP_QUICKACK): it bounds the harness,
// not a USB reader; chip timing on a modelled link is `npm run bench:card` without --pcsc.
import { join, resolve } from 'node:path';
import { EmulatedChip } from '../electron/card/emulator/chip.ts';
import { loadCardDirectory } from '../electron/card/emulator/card-profile.ts';
import { PcscReaders } from '../electron/card/pcsc/reader-monitor.ts';
import { VpcdCard } from '../electron/card/pcsc/vpcd-card.ts';
import type { CardChannel } from '../electron/emrtd/channel.ts';
import { accessKeyFromMrz } from '../electron/emrtd/access/access-key.ts';
import { fromHex } from '../electron/emrtd/bytes.ts';
import { ChunkMemory, type ChunkMode } from '../electron/emrtd/read/chunking.ts';
import { readDocument } from '../electron/emrtd/read/read-document.ts';
import { ownPid, pcscSupport, startPcscd, stopPcscd } from '../tests/pcsc/pcscd.ts';

const root = resolve(import.meta.dirname, '..');
const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const cardDir = arg('card') ?? join(root, 'resources', 'demo-cards', 'nguyen-van-an');
const apduRuns = Number(arg('apdus') ?? 40);
const readRuns = Number(arg('reads') ?? 5);
const SELECT_AID = fromHex('00A4040C07A0000002471001');

const support = pcscSupport();
if (!support.ok) {
  console.error(`bench:card --pcsc cannot run here: ${support.reason}`);
  process.exit(2);
}

function stats(ms: number[]): { median: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
}

async function perApdu(channel: CardChannel, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await channel.transmit(SELECT_AID);
    out.push(performance.now() - t0);
  }
  return out;
}

async function fullReads(open: () => Promise<{ channel: CardChannel; atr: string }>, mode: ChunkMode, n: number): Promise<{ ms: number[]; apdus: number }> {
  const ms: number[] = [];
  let apdus = 0;
  for (let i = 0; i < n; i++) {
    const { channel, atr } = await open();
    const memory = new ChunkMemory();
    memory.remember(atr, mode);
    const t0 = performance.now();
    const doc = await readDocument(channel, { keys: [accessKeyFromMrz(profile.mrz)], atr, chunkMemory: memory });
    ms.push(performance.now() - t0);
    apdus = doc.stats.apdus;
  }
  return { ms, apdus };
}

const profile = loadCardDirectory(cardDir);
const startedHere = ownPid() === null;
await startPcscd();
const chip = new EmulatedChip(profile);
const card = new VpcdCard(chip);
let readers: PcscReaders | undefined;
try {
  await card.insert();
  readers = await PcscReaders.start({ reader: 'Virtual PCD 00 00' });
  const channel = await readers.waitForCard({ timeoutMs: 5000 });

  const emu = new EmulatedChip(profile);
  await perApdu(emu, 200); // warm-up
  const emuApdu = stats(await perApdu(emu, 2000));
  const pcscApdu = stats(await perApdu(channel, apduRuns));

  console.log(`card ${cardDir.split('/').pop()}; pcscd ${startedHere ? 'started for this run' : 'already running'}; reader "${channel.readerName}"\n`);
  console.log('| path | APDU round trip, median | p95 |');
  console.log('|---|---:|---:|');
  console.log(`| in-process emulator | ${(emuApdu.median * 1000).toFixed(1)} µs | ${(emuApdu.p95 * 1000).toFixed(1)} µs |`);
  console.log(`| pcscd → vpcd → Node card (${apduRuns} × SELECT) | ${pcscApdu.median.toFixed(1)} ms | ${pcscApdu.p95.toFixed(1)} ms |`);
  console.log(`\nPC/SC overhead per APDU ≈ ${(pcscApdu.median - emuApdu.median).toFixed(1)} ms (vpcd's delayed-ACK wait included).\n`);

  console.log('| full read (COM, SOD, DG1, DG13, DG2) | chunk | APDUs | median ms | p95 ms | ms per APDU |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const mode of ['extended', 223] as ChunkMode[]) {
    const emuRead = await fullReads(async () => {
      const c = new EmulatedChip(profile);
      return { channel: c, atr: c.atrHex };
    }, mode, readRuns);
    const pcscRead = await fullReads(async () => ({ channel, atr: channel.atrHex }), mode, mode === 'extended' ? readRuns : Math.min(readRuns, 2));
    for (const [name, r] of [['in-process emulator', emuRead], ['pcscd + vpcd', pcscRead]] as const) {
      const s = stats(r.ms);
      console.log(`| ${name} | ${mode} | ${r.apdus} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${(s.median / r.apdus).toFixed(2)} |`);
    }
  }
} finally {
  await readers?.close();
  await card.remove();
  if (startedHere) await stopPcscd();
}
