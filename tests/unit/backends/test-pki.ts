// A throw-away PKI for transport tests: a CA, a server certificate for 127.0.0.1 and a client certificate
// (ECDSA P-256, RFC 5280 profiles), made fresh for each run with pkijs on WebCrypto; PEM for node:tls.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { randomBytes } from 'node:crypto';

const webcrypto = globalThis.crypto;
pkijs.setEngine('kiosk-backends-test', new pkijs.CryptoEngine({ name: 'kiosk-backends-test', crypto: webcrypto }));
const alg = { name: 'ECDSA', namedCurve: 'P-256' } as const;

function pem(label: string, der: ArrayBuffer): string {
  return `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END ${label}-----\n`;
}

function name(cn: string): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: cn }) })],
  });
}

function ext(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

interface Issued {
  cert: pkijs.Certificate;
  keys: CryptoKeyPair;
}

async function issue(cn: string, kind: 'ca' | 'server' | 'client', issuer: Issued | null): Promise<Issued> {
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = randomBytes(8);
  serial[0] &= 0x7f;
  cert.serialNumber = new asn1js.Integer({ valueHex: serial });
  cert.subject = name(cn);
  cert.issuer = issuer ? issuer.cert.subject : name(cn);
  cert.notBefore.value = new Date(Date.now() - 60_000);
  cert.notAfter.value = new Date(Date.now() + 86_400_000);
  const extensions: pkijs.Extension[] = [
    ext('2.5.29.19', true, new pkijs.BasicConstraints({ cA: kind === 'ca' }).toSchema()),
  ];
  if (kind === 'ca') {
    // keyUsage keyCertSign | cRLSign (bits 5 and 6)
    extensions.push(ext('2.5.29.15', true, new asn1js.BitString({ valueHex: new Uint8Array([0x06]).buffer, unusedBits: 1 })));
  } else {
    const eku = kind === 'server' ? '1.3.6.1.5.5.7.3.1' : '1.3.6.1.5.5.7.3.2';
    extensions.push(ext('2.5.29.37', false, new pkijs.ExtKeyUsage({ keyPurposes: [eku] }).toSchema()));
  }
  if (kind === 'server') {
    const ip = new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: new Uint8Array([127, 0, 0, 1]).buffer }) });
    extensions.push(ext('2.5.29.17', false, new pkijs.GeneralNames({ names: [ip] }).toSchema()));
  }
  cert.extensions = extensions;
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey);
  await cert.sign((issuer ?? { keys }).keys.privateKey, 'SHA-256');
  return { cert, keys };
}

async function keyPem(k: CryptoKey): Promise<string> {
  return pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', k));
}

export interface Pki {
  caPem: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

export async function makePki(caName = 'Kiosk Test CA'): Promise<Pki> {
  const ca = await issue(caName, 'ca', null);
  const server = await issue('127.0.0.1', 'server', ca);
  const client = await issue('kiosk-test-01', 'client', ca);
  const certPem = (c: Issued): string => pem('CERTIFICATE', c.cert.toSchema(true).toBER(false));
  return {
    caPem: certPem(ca),
    serverCert: certPem(server),
    serverKey: await keyPem(server.keys.privateKey),
    clientCert: certPem(client),
    clientKey: await keyPem(client.keys.privateKey),
  };
}
