// PACE against the ICAO 9303-11 Appendix G worked examples: every APDU byte for byte, with the vectors' nonces
// and private keys injected, and the intermediate values of the key schedule.
import { describe, expect, it } from 'vitest';
import { decodeCommand, encodeCommand, encodeResponse } from '../../../../electron/emrtd/apdu.ts';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import type { CardChannel } from '../../../../electron/emrtd/channel.ts';
import { PlainSender } from '../../../../electron/emrtd/channel.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import type { AccessKey } from '../../../../electron/emrtd/access/access-key.ts';
import { openSession } from '../../../../electron/emrtd/access/open-session.ts';
import { performPace } from '../../../../electron/emrtd/access/pace.ts';
import { paceOfCardAccess } from '../../../../electron/emrtd/access/pace-card-access.ts';
import {
  authenticationToken,
  decryptNonce,
  encryptNonce,
  pacePassword,
  paceSessionKeys,
  passwordKey,
  tokenInput,
} from '../../../../electron/emrtd/access/pace-crypto.ts';
import { bigintToBytes, paceGroup } from '../../../../electron/emrtd/access/pace-group.ts';
import { mseSetAtCommand } from '../../../../electron/emrtd/access/pace-messages.ts';
import { standardDomain } from '../../../../electron/emrtd/access/pace-params.ts';
import { aesSmCipher } from '../../../../electron/emrtd/sm/cipher.ts';
import { SecureMessaging } from '../../../../electron/emrtd/sm/secure-messaging.ts';
import { icaoVectors } from '../../../helpers/shared.ts';

type Apdu = { step: string; command: string; response: string };
type Point = { x: string; y: string };
interface PaceVector {
  protocolOid: string;
  standardizedDomainParameterId: number;
  mrzInformation: string;
  k: string;
  kPi: string;
  efCardAccess: string;
  mseSetAt: string;
  mseSetAtNote?: string;
  encryptedNonce: string;
  nonce: string;
  terminalMappingPrivateKey: string;
  chipMappingPrivateKey: string;
  terminalEphemeralPrivateKey: string;
  chipEphemeralPrivateKey: string;
  terminalMappingPublicKey: Point | string;
  chipMappingPublicKey: Point | string;
  terminalEphemeralPublicKey: Point | string;
  chipEphemeralPublicKey: Point | string;
  mappedGenerator: Point | string;
  sharedSecret: string;
  ksEnc: string;
  ksMac: string;
  tIfdInput: string;
  tIcInput: string;
  tIfd: string;
  tIc: string;
  apdus: Apdu[];
  sscAfterPace: string;
}

const vectors = icaoVectors();
const ecdh = vectors.paceEcdhGm as unknown as PaceVector;
const dh = vectors.paceDhGm as unknown as PaceVector;
const imKdf = vectors.paceImKdf as unknown as { sharedSecret: string; ksEnc: string; ksMac: string };

const pub = (p: Point | string): string => (typeof p === 'string' ? p : `04${p.x}${p.y}`);
const mrzKey = (v: PaceVector): AccessKey => ({ kind: 'mrz', mrzInformation: v.mrzInformation, documentNumber: '', dateOfBirth: '', dateOfExpiry: '' });
/** The vector's GA4 answer may come without a status word (the DH example prints data only). */
const withSw = (r: string): string => (r.endsWith('9000') ? r : `${r}9000`);

/** The terminal's random source in the order performPace asks: mapping key, then ephemeral key. */
function terminalRng(v: PaceVector): (n: number) => Uint8Array {
  const queue = [v.terminalMappingPrivateKey, v.terminalEphemeralPrivateKey].map(fromHex);
  return (n) => {
    const next = queue.shift();
    if (!next) throw new Error('terminal rng exhausted');
    expect(next.length).toBe(n);
    return next;
  };
}

/** A chip that answers a fixed script and records what it was sent. */
class ScriptedChip implements CardChannel {
  readonly sent: string[] = [];
  constructor(private readonly script: Array<{ command: string; response: string }>) {}
  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const i = this.sent.length;
    this.sent.push(hex(apdu));
    const step = this.script[i];
    if (!step) throw new Error(`unexpected APDU #${i}: ${hex(apdu)}`);
    expect(hex(apdu), `APDU #${i}`).toBe(step.command);
    return fromHex(step.response);
  }
}

for (const [name, v] of [
  ['paceEcdhGm (brainpoolP256r1, AES-128)', ecdh],
  ['paceDhGm (RFC 5114 1024-bit MODP, AES-128)', dh],
] as const) {
  describe(`PACE Generic Mapping: ${name}`, () => {
    it('derives the password key, decrypts the nonce and reproduces every intermediate value', () => {
      const password = pacePassword(mrzKey(v));
      expect(hex(password)).toBe(v.k);
      const kPi = passwordKey(password, 'AES-128');
      expect(hex(kPi)).toBe(v.kPi);
      expect(hex(decryptNonce(kPi, fromHex(v.encryptedNonce), 'AES-128'))).toBe(v.nonce);
      expect(hex(encryptNonce(kPi, fromHex(v.nonce), 'AES-128'))).toBe(v.encryptedNonce);

      const base = paceGroup(standardDomain(v.standardizedDomainParameterId));
      const skMapT = BigInt(`0x${v.terminalMappingPrivateKey}`);
      const skMapC = BigInt(`0x${v.chipMappingPrivateKey}`);
      expect(hex(base.publicKey(skMapT))).toBe(pub(v.terminalMappingPublicKey));
      expect(hex(base.publicKey(skMapC))).toBe(pub(v.chipMappingPublicKey));
      // Both sides map to the same generator: its public key for private key 1 is the generator itself.
      const mappedT = base.genericMapping(fromHex(v.nonce), skMapT, fromHex(pub(v.chipMappingPublicKey)));
      const mappedC = base.genericMapping(fromHex(v.nonce), skMapC, fromHex(pub(v.terminalMappingPublicKey)));
      expect(hex(mappedT.publicKey(1n))).toBe(pub(v.mappedGenerator));
      expect(hex(mappedC.publicKey(1n))).toBe(pub(v.mappedGenerator));

      const skEphT = BigInt(`0x${v.terminalEphemeralPrivateKey}`);
      const skEphC = BigInt(`0x${v.chipEphemeralPrivateKey}`);
      expect(hex(mappedT.publicKey(skEphT))).toBe(pub(v.terminalEphemeralPublicKey));
      expect(hex(mappedT.publicKey(skEphC))).toBe(pub(v.chipEphemeralPublicKey));
      const k = mappedT.sharedSecret(skEphT, fromHex(pub(v.chipEphemeralPublicKey)));
      expect(hex(k)).toBe(v.sharedSecret);
      expect(hex(mappedC.sharedSecret(skEphC, fromHex(pub(v.terminalEphemeralPublicKey))))).toBe(v.sharedSecret);

      const keys = paceSessionKeys(k, 'AES-128');
      expect(hex(keys.ksEnc)).toBe(v.ksEnc);
      expect(hex(keys.ksMac)).toBe(v.ksMac);
      const tag = mappedT.publicKeyTag;
      expect(hex(tokenInput(v.protocolOid, tag, fromHex(pub(v.chipEphemeralPublicKey))))).toBe(v.tIfdInput);
      expect(hex(tokenInput(v.protocolOid, tag, fromHex(pub(v.terminalEphemeralPublicKey))))).toBe(v.tIcInput);
      expect(hex(authenticationToken(keys.ksMac, 'AES-128', v.protocolOid, tag, fromHex(pub(v.chipEphemeralPublicKey))))).toBe(v.tIfd);
      expect(hex(authenticationToken(keys.ksMac, 'AES-128', v.protocolOid, tag, fromHex(pub(v.terminalEphemeralPublicKey))))).toBe(v.tIc);
    });

    it('sends exactly the Appendix G APDUs and opens AES secure messaging with SSC 0', async () => {
      const chip = new ScriptedChip(v.apdus.map((a) => ({ command: a.command, response: withSw(a.response) })));
      const info = paceOfCardAccess(fromHex(v.efCardAccess)).chosen;
      expect(info).toBeDefined();
      const { sm, protocol } = await performPace(new PlainSender(chip), mrzKey(v), info!, { rng: terminalRng(v) });
      expect(chip.sent).toEqual(v.apdus.map((a) => a.command));
      expect(protocol).toBe('PACE-MRZ');
      expect(sm.algorithm).toBe('AES');
      expect(hex(sm.ssc)).toBe(v.sscAfterPace);
    });

    it('opens a session from EF.CardAccess (SELECT 011C, no Le) to the application selected under the new keys', async () => {
      // The chip end of the session, built from the vector's KSenc/KSmac alone.
      const chipSm = new SecureMessaging(aesSmCipher(fromHex(v.ksEnc), fromHex(v.ksMac)), new Uint8Array(16));
      const script = [
        { command: '00A4020C02011C', response: '9000' },
        { command: '00B0000000', response: `${v.efCardAccess}6282` },
        ...v.apdus.map((a) => ({ command: a.command, response: withSw(a.response) })),
      ];
      const sent: string[] = [];
      const channel: CardChannel = {
        async transmit(apdu) {
          sent.push(hex(apdu));
          const i = sent.length - 1;
          if (i < script.length) {
            expect(hex(apdu), `APDU #${i}`).toBe(script[i].command);
            return fromHex(script[i].response);
          }
          const plain = chipSm.unprotectCommand(decodeCommand(apdu));
          expect(hex(encodeCommand(plain))).toBe('00A4040C07A0000002471001');
          return encodeResponse(chipSm.protectResponse({ data: new Uint8Array(0), sw: 0x9000 }));
        },
      };
      const session = await openSession(new PlainSender(channel), [mrzKey(v)], { rng: terminalRng(v) });
      expect(session.protocol).toBe('PACE-MRZ');
      expect(session.attempts).toBe(1);
      expect(sent).toHaveLength(script.length + 1);
      // The protected SELECT used SSC 1, its answer SSC 2 (9303-11 §9.8.6.3).
      expect(hex(session.sender.sm.ssc)).toBe('00000000000000000000000000000002');
    });

    it('calls a rejected token ACCESS_DENIED', async () => {
      const script = v.apdus.map((a, i) => ({ command: a.command, response: i === v.apdus.length - 1 ? '6300' : withSw(a.response) }));
      const info = paceOfCardAccess(fromHex(v.efCardAccess)).chosen!;
      const err = await performPace(new PlainSender(new ScriptedChip(script)), mrzKey(v), info, { rng: terminalRng(v) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EmrtdError);
      expect((err as EmrtdError).code).toBe('ACCESS_DENIED');
    });

    it('calls a forged chip token ACCESS_DENIED', async () => {
      const lastResp = withSw(v.apdus[v.apdus.length - 1].response);
      const forged = lastResp.replace(v.tIc, v.tIc.slice(0, -2) + (v.tIc.endsWith('00') ? '01' : '00'));
      const script = v.apdus.map((a, i) => ({ command: a.command, response: i === v.apdus.length - 1 ? forged : withSw(a.response) }));
      const info = paceOfCardAccess(fromHex(v.efCardAccess)).chosen!;
      const err = await performPace(new PlainSender(new ScriptedChip(script)), mrzKey(v), info, { rng: terminalRng(v) }).catch((e: unknown) => e);
      expect((err as EmrtdError).code).toBe('ACCESS_DENIED');
    });
  });
}

describe('PACE MSE:Set AT and key derivation details', () => {
  it('builds MSE:Set AT with no Le, and with DO\'84\' when several PACEInfos are listed', () => {
    const info = paceOfCardAccess(fromHex(ecdh.efCardAccess)).chosen!;
    expect(info).toMatchObject({ protocol: ecdh.protocolOid, version: 2, parameterId: 13 });
    expect(hex(encodeCommand(mseSetAtCommand({ protocol: info.protocol, passwordReference: 1 })))).toBe(ecdh.mseSetAt);
    const withId = hex(encodeCommand(mseSetAtCommand({ protocol: info.protocol, passwordReference: 1, parameterId: 13 })));
    expect(ecdh.mseSetAtNote).toContain(withId);
    expect(hex(encodeCommand(mseSetAtCommand({ protocol: dh.protocolOid, passwordReference: 1 })))).toBe(dh.mseSetAt);
  });

  it('derives the Integrated Mapping example session keys (Appendix I, KDF step)', () => {
    const keys = paceSessionKeys(fromHex(imKdf.sharedSecret), 'AES-128');
    expect(hex(keys.ksEnc)).toBe(imKdf.ksEnc);
    expect(hex(keys.ksMac)).toBe(imKdf.ksMac);
  });

  it('uses the CAN digits themselves as the password', () => {
    expect(hex(pacePassword({ kind: 'can', can: '123456' }))).toBe('313233343536');
  });

  it('left-pads big integers to the field size', () => {
    expect(hex(bigintToBytes(0x1234n, 4))).toBe('00001234');
    expect(() => bigintToBytes(0x123456n, 2)).toThrow(RangeError);
  });
});
