// The private keys of an emulated chip (aa-key.pem, ca-key.pem): PKCS #8 (RFC 5208) with RSA (RFC 8017
// RSAPrivateKey), EC (RFC 5915 ECPrivateKey, named or explicit curve) or X9.42 DH keys. Parsed with asn1js so
// the emulator also runs under BoringSSL, which cannot import Brainpool keys.
import { EmrtdError } from '../../emrtd/errors.ts';
import { decodeAsn1, expectOid, expectSequence, integerBytes, octetStringBytes, unsignedIntegerBytes } from '../../emrtd/lds/asn1.ts';
import { DH_PUBLIC_NUMBER, ID_EC_PUBLIC_KEY, RSA_ENCRYPTION } from '../../emrtd/lds/oids.ts';
import { bytesToBigInt } from '../../emrtd/auth/bigint.ts';
import { curveFromParameters, type EcCurve } from '../../emrtd/auth/ec-curves.ts';
import { parseDhParameters, type DhDomainParameters } from '../../emrtd/auth/public-key.ts';

export type ChipPrivateKey =
  | { kind: 'RSA'; n: bigint; e: bigint; d: bigint; bits: number }
  | { kind: 'EC'; curve: EcCurve; d: Uint8Array }
  | { kind: 'DH'; dh: DhDomainParameters; x: bigint };

function pemBody(pem: string): Uint8Array {
  const m = pem.match(/-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/);
  if (!m) throw new EmrtdError('INPUT_INVALID', 'chip key: expected a PKCS #8 "PRIVATE KEY" PEM block');
  return new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
}

export function parseChipPrivateKey(pem: string): ChipPrivateKey {
  const what = 'chip key PrivateKeyInfo';
  const seq = expectSequence(decodeAsn1(pemBody(pem), what), what);
  const alg = expectSequence(seq[1], `${what}.algorithm`);
  const oid = expectOid(alg[0], `${what}.algorithm`);
  const inner = octetStringBytes(seq[2], `${what}.privateKey`);
  if (oid === RSA_ENCRYPTION) {
    const k = expectSequence(decodeAsn1(inner, 'RSAPrivateKey'), 'RSAPrivateKey');
    const n = bytesToBigInt(unsignedIntegerBytes(k[1], 'RSAPrivateKey.modulus'));
    return { kind: 'RSA', n, e: bytesToBigInt(unsignedIntegerBytes(k[2], 'publicExponent')), d: bytesToBigInt(unsignedIntegerBytes(k[3], 'privateExponent')), bits: n.toString(2).length };
  }
  if (oid === ID_EC_PUBLIC_KEY) {
    const curve = curveFromParameters(alg[1]);
    const k = expectSequence(decodeAsn1(inner, 'ECPrivateKey'), 'ECPrivateKey');
    const raw = octetStringBytes(k[1], 'ECPrivateKey.privateKey');
    const d = new Uint8Array(curve.orderBytes);
    d.set(raw.subarray(Math.max(0, raw.length - d.length)), Math.max(0, d.length - raw.length));
    return { kind: 'EC', curve, d };
  }
  if (oid === DH_PUBLIC_NUMBER) {
    const dh = parseDhParameters(alg[1], 'DH DomainParameters');
    return { kind: 'DH', dh, x: bytesToBigInt(integerBytes(decodeAsn1(inner, 'DH private value'), 'DH private value')) };
  }
  throw new EmrtdError('UNSUPPORTED', `chip key algorithm ${oid}`);
}
