// npm run bench:auth — host-side CPU time of the trust checks of one read, native (OpenSSL via node:crypto)
// vs the pure-TypeScript path Electron's BoringSSL needs: passive authentication (a Vietnamese-like chain:
// brainpoolP512r1 CSCA with explicit parameters → brainpoolP384r1 DS, and a P-256 chain), the terminal's half
// of Active Authentication (verify) and of Chip Authentication (ephemeral key, agreement, session keys).
// Chip-side work (the emulator signing) is prepared beforehand and not timed. Median of N runs, process CPU.
import { readFileSync } from 'node:fs';
import { setCryptoPath, type CryptoPath } from '../electron/emrtd/auth/crypto-provider.ts';
import { verifyPassive } from '../electron/emrtd/auth/passive.ts';
import { TrustStore } from '../electron/emrtd/auth/trust-store.ts';
import { verifyActiveAuthentication } from '../electron/emrtd/auth/active.ts';
import { selectChipAuthentication } from '../electron/emrtd/auth/chip.ts';
import { ephemeralKey } from '../electron/emrtd/auth/key-agreement.ts';
import { deriveKey, KDF_ENC, KDF_MAC } from '../electron/emrtd/crypto/kdf.ts';
import { parseDg14 } from '../electron/emrtd/lds/dg14.ts';
import { parseDg15 } from '../electron/emrtd/lds/dg15.ts';
import { AaResponder } from '../electron/card/emulator/aa-responder.ts';
import { buildCard, type CaCipher } from '../electron/card/fixtures/make-card.ts';
import { loadOrCreateTestPki } from '../electron/card/fixtures/test-pki.ts';
import { chipPortraitFromJpeg } from '../electron/card/fixtures/portrait.ts';
import { DEMO_CITIZENS } from '../electron/card/fixtures/demo-citizens.ts';
import { opensslChain, opensslSod } from '../electron/card/fixtures/openssl-chain.ts';
import type { AaKeySpec, CaKeySpec } from '../electron/card/fixtures/chip-keys.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

function cpuMs(fn: () => void): number {
  const a = process.cpuUsage();
  fn();
  const d = process.cpuUsage(a);
  return (d.user + d.system) / 1000;
}

function median(fn: () => void): number {
  for (let i = 0; i < 3; i++) fn();
  const xs = Array.from({ length: RUNS }, () => cpuMs(fn)).sort((x, y) => x - y);
  return xs[Math.floor(xs.length / 2)];
}

async function main(): Promise<void> {
  const pki = await loadOrCreateTestPki(new URL('../tests/fixtures/pki', import.meta.url).pathname);
  const jpeg = new Uint8Array(readFileSync(new URL('../../shared/faces/public-domain/obama/2.jpg', import.meta.url)));
  const citizen = DEMO_CITIZENS[0].record;
  const base = await buildCard(citizen, { portrait: chipPortraitFromJpeg(jpeg), signer: pki.documentSigner });
  const groups = new Map<number, Uint8Array>();
  for (const [n, b] of base.files) if (/^DG\d+$/.test(n)) groups.set(Number(n.slice(2)), b);
  const p256Trust = new TrustStore();
  p256Trust.addDer(pki.csca.certificate);
  const vn = opensslChain({ cscaCurve: 'brainpoolP512r1', dsCurve: 'brainpoolP384r1', explicitCsca: true });
  const vnSod = opensslSod(groups, vn.documentSigner);
  const vnTrust = new TrustStore();
  vnTrust.addDer(vn.csca);

  const aaCases: AaKeySpec[] = ['RSA-2048', 'ECDSA-P256', 'ECDSA-brainpoolP256r1', 'ECDSA-brainpoolP512r1'];
  const aa = await Promise.all(
    aaCases.map(async (key) => {
      const card = await buildCard(citizen, { portrait: chipPortraitFromJpeg(jpeg), signer: pki.documentSigner, activeAuthentication: { key } });
      const dg14 = card.files.get('DG14');
      const infos = dg14 ? parseDg14(dg14) : null;
      const spki = parseDg15(card.files.get('DG15')!).spki;
      const challenge = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
      const signature = new AaResponder(card.aaKeyPem!, infos).sign(challenge);
      const alg = infos?.find((i) => i.kind === 'ActiveAuthentication')?.signatureAlgorithm;
      return { key, run: () => { if (verifyActiveAuthentication(spki, challenge, signature, alg).status !== 'valid') throw new Error(`AA ${key}`); } };
    }),
  );
  const caCases: [CaKeySpec, CaCipher][] = [['ECDH-P256', 'AES-128'], ['ECDH-brainpoolP256r1', 'AES-128'], ['ECDH-brainpoolP512r1', 'AES-256'], ['DH-2048', 'AES-128']];
  const ca = await Promise.all(
    caCases.map(async ([key, cipher]) => {
      const card = await buildCard(citizen, { portrait: chipPortraitFromJpeg(jpeg), signer: pki.documentSigner, chipAuthentication: { key, cipher } });
      const choice = selectChipAuthentication(parseDg14(card.files.get('DG14')!))!;
      return {
        key,
        run: () => {
          const eph = ephemeralKey(choice.domain);
          const k = eph.agree(choice.chipPublicKey);
          deriveKey(k, KDF_ENC, choice.cipher);
          deriveKey(k, KDF_MAC, choice.cipher);
        },
      };
    }),
  );

  const rows: { op: string; native: number; pure: number }[] = [];
  const measure = (op: string, fn: () => void): void => {
    const r: Record<CryptoPath, number> = { native: 0, pure: 0 };
    for (const path of ['native', 'pure'] as CryptoPath[]) {
      setCryptoPath(path);
      r[path] = median(fn);
    }
    rows.push({ op, ...r });
  };
  measure('PA brainpoolP512r1 CSCA (explicit) → P384r1 DS, DG1+DG2+DG13', () => {
    if (verifyPassive({ sod: vnSod, dataGroups: groups, trust: vnTrust }).status !== 'valid') throw new Error('PA vn');
  });
  measure('PA P-256 test chain, DG1+DG2+DG13', () => {
    if (verifyPassive({ sod: base.files.get('SOD')!, dataGroups: groups, trust: p256Trust }).status !== 'valid') throw new Error('PA p256');
  });
  for (const a of aa) measure(`AA verify ${a.key}`, a.run);
  for (const c of ca) measure(`CA terminal side ${c.key}`, c.run);

  const pick = (op: string) => rows.find((r) => r.op.startsWith(op))!;
  const worst = [pick('PA brainpoolP512r1'), pick('AA verify ECDSA-brainpoolP512r1'), pick('CA terminal side ECDH-brainpoolP512r1')];
  const total = { native: worst.reduce((s, r) => s + r.native, 0), pure: worst.reduce((s, r) => s + r.pure, 0) };

  console.log(`trust checks, CPU ms (median of ${RUNS}, node ${process.version})\n`);
  console.log(`${'operation'.padEnd(66)} ${'native'.padStart(8)} ${'pure'.padStart(8)}`);
  for (const r of rows) console.log(`${r.op.padEnd(66)} ${r.native.toFixed(1).padStart(8)} ${r.pure.toFixed(1).padStart(8)}`);
  console.log(`${'all host-side work, worst case (PA brainpool + AA P512 + CA P512)'.padEnd(66)} ${total.native.toFixed(1).padStart(8)} ${total.pure.toFixed(1).padStart(8)}`);
  console.log(`\ntarget ≤ 150 ms on the pure path: ${total.pure <= 150 ? 'met' : 'NOT met'}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
