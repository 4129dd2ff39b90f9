// PACE under a BoringSSL-like node:crypto (what Electron links): no public-key API at all, no Brainpool, no
// CMAC, no single DES — only AES-CBC, 3DES-CBC (des-ede3-cbc) and hashes. Every suite must still run, terminal
// and chip alike, which proves PACE never leans on OpenSSL-only features.
import type * as NodeCrypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

const refused: string[] = [];
/** Algorithms the code under test actually took from the mocked module: proof the mock is in its path. */
const used = new Set<string>();

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof NodeCrypto>();
  const CIPHERS = new Set(['aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc', 'des-ede3-cbc']);
  const HASHES = new Set(['sha1', 'sha224', 'sha256', 'sha384', 'sha512']);
  const deny = (name: string) => () => {
    refused.push(name);
    throw new Error(`${name} is not available in this BoringSSL-like build`);
  };
  const checked =
    <A extends unknown[], R>(name: string, fn: (alg: string, ...rest: A) => R, allowed: Set<string>) =>
    (alg: string, ...rest: A): R => {
      if (!allowed.has(alg.toLowerCase())) deny(`${name}(${alg})`)();
      used.add(alg.toLowerCase());
      return fn(alg, ...rest);
    };
  const mocked = {
    ...real,
    createCipheriv: checked('createCipheriv', real.createCipheriv as (alg: string, ...r: unknown[]) => ReturnType<typeof real.createCipheriv>, CIPHERS),
    createDecipheriv: checked('createDecipheriv', real.createDecipheriv as (alg: string, ...r: unknown[]) => ReturnType<typeof real.createDecipheriv>, CIPHERS),
    createHash: checked('createHash', real.createHash as (alg: string, ...r: unknown[]) => ReturnType<typeof real.createHash>, HASHES),
    createECDH: deny('createECDH'),
    createDiffieHellman: deny('createDiffieHellman'),
    diffieHellman: deny('diffieHellman'),
    createPublicKey: deny('createPublicKey'),
    createPrivateKey: deny('createPrivateKey'),
    generateKeyPairSync: deny('generateKeyPairSync'),
    createHmac: deny('createHmac'),
  };
  return { ...mocked, default: mocked };
});

const { accessKeyFromMrz } = await import('../../../../electron/emrtd/access/access-key.ts');
const { openSession } = await import('../../../../electron/emrtd/access/open-session.ts');
const { PlainSender } = await import('../../../../electron/emrtd/channel.ts');
const { EmulatedChip } = await import('../../../../electron/card/emulator/chip.ts');
const { encodeCardAccess } = await import('../../../../electron/card/fixtures/card-access.ts');
const { encodeDg1 } = await import('../../../../electron/emrtd/lds/dg1.ts');
const { buildTd1Mrz } = await import('../../../../electron/emrtd/mrz/build.ts');

const MRZ = buildTd1Mrz({ idNumber: '001058012345', dateOfBirth: '580315', sex: 'M', dateOfExpiry: '991231', surname: 'NGUYEN', givenNames: 'VAN AN' });

describe('PACE on a BoringSSL-like node:crypto', () => {
  for (const offer of [
    { parameterId: 13, cipher: 'AES-128' },
    { parameterId: 17, cipher: 'AES-256' },
    { parameterId: 16, cipher: '3DES' },
    { parameterId: 12, cipher: 'AES-192' },
    { parameterId: 2, cipher: 'AES-128' },
  ] as const) {
    it(`runs PACE-MRZ on parameter id ${offer.parameterId} with ${offer.cipher} and reads DG1`, async () => {
      used.clear();
      const dg1 = encodeDg1(MRZ);
      const files = new Map([
        ['DG1', dg1],
        ['CardAccess', encodeCardAccess([offer])],
      ] as const);
      const chip = new EmulatedChip({ mrz: MRZ.join('\n'), files: new Map(files) });
      const session = await openSession(new PlainSender(chip), [accessKeyFromMrz(MRZ.join('\n'))]);
      expect(session.protocol).toBe('PACE-MRZ');
      const r = await session.sender.send({ cla: 0x00, ins: 0xb0, p1: 0x81, p2: 0x00, le: dg1.length });
      expect(Buffer.from(r.data).equals(Buffer.from(dg1))).toBe(true);
      expect(refused).toEqual([]);
      expect(used.has(offer.cipher === '3DES' ? 'des-ede3-cbc' : `aes-${offer.cipher.slice(4)}-cbc`)).toBe(true);
      expect(used.has('sha1')).toBe(true); // the MRZ password
    });
  }

  it('the mock really refuses what BoringSSL lacks', async () => {
    const c = await import('node:crypto');
    expect(() => c.createCipheriv('des-ecb', Buffer.alloc(8), null)).toThrow(/BoringSSL/);
    expect(() => c.createECDH('brainpoolP256r1')).toThrow(/BoringSSL/);
    refused.length = 0;
  });
});
