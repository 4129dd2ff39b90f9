import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { deriveKey } from '../../../../electron/emrtd/crypto/kdf.ts';
import { icaoVectors } from '../../../helpers/shared.ts';

const v = icaoVectors();
const bac = v.bac as Record<string, string>;
const im = v.paceImKdf as Record<string, string>;
const gm = v.paceEcdhGm as Record<string, string>;
const dh = v.paceDhGm as Record<string, string>;

describe('9303-11 §9.7.1 key derivation', () => {
  it('DESede: BAC Kenc/Kmac from Kseed (Appendix D.2)', () => {
    expect(hex(deriveKey(fromHex(bac.kSeed), 1, 'DESede'))).toBe(bac.kEnc);
    expect(hex(deriveKey(fromHex(bac.kSeed), 2, 'DESede'))).toBe(bac.kMac);
  });

  it('DESede: BAC session keys from KSseed (Appendix D.3)', () => {
    expect(hex(deriveKey(fromHex(bac.ksSeed), 1, 'DESede'))).toBe(bac.ksEnc);
    expect(hex(deriveKey(fromHex(bac.ksSeed), 2, 'DESede'))).toBe(bac.ksMac);
  });

  it('AES-128: PACE Integrated Mapping session keys (Appendix I)', () => {
    expect(hex(deriveKey(fromHex(im.sharedSecret), 1, 'AES-128'))).toBe(im.ksEnc);
    expect(hex(deriveKey(fromHex(im.sharedSecret), 2, 'AES-128'))).toBe(im.ksMac);
  });

  it('AES-128: PACE ECDH-GM and DH-GM session keys and K_pi (Appendix G)', () => {
    expect(hex(deriveKey(fromHex(gm.sharedSecret), 1, 'AES-128'))).toBe(gm.ksEnc);
    expect(hex(deriveKey(fromHex(gm.sharedSecret), 2, 'AES-128'))).toBe(gm.ksMac);
    expect(hex(deriveKey(fromHex(gm.k), 3, 'AES-128'))).toBe(gm.kPi);
    expect(hex(deriveKey(fromHex(dh.sharedSecret), 1, 'AES-128'))).toBe(dh.ksEnc);
    expect(hex(deriveKey(fromHex(dh.sharedSecret), 2, 'AES-128'))).toBe(dh.ksMac);
  });

  it('AES-192/256 use SHA-256 and keep 24 / 32 bytes', () => {
    // SHA-256(K ‖ 00000001) and SHA-256(K ‖ 00000002) of the Appendix I secret, computed with Python hashlib.
    const enc = 'F061E5A53371068571027518DB2A074EB2F209BDF3AFBCC1D3B5552C685A9D83';
    const mac = 'E39B434EB43F36E54F5484624DC15BB3AFF8493AE6AA1717C2BC3B2EEAD21E5D';
    expect(hex(deriveKey(fromHex(im.sharedSecret), 1, 'AES-256'))).toBe(enc);
    expect(hex(deriveKey(fromHex(im.sharedSecret), 2, 'AES-256'))).toBe(mac);
    expect(hex(deriveKey(fromHex(im.sharedSecret), 1, 'AES-192'))).toBe(enc.slice(0, 48));
    expect(hex(deriveKey(fromHex(im.sharedSecret), 2, 'AES-192'))).toBe(mac.slice(0, 48));
  });
});
