// The CSCA trust store: the anchors passive authentication chains Document Signers to (9303-12 §5.1, §7),
// from PEM or DER certificates, ICAO CSCA master lists and CRLs. A configuration, not a constant: the kiosk
// loads resources/csca/ by default and operators add or replace files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EmrtdError } from '../errors.ts';
import { decodeAsn1, expectSequence } from '../lds/asn1.ts';
import { type Certificate, mayHaveIssued, parseCertificate } from './certificate.ts';
import { type Crl, crlIssuedBy, parseCrl } from './crl.ts';
import { parseMasterList } from './master-list.ts';

export interface TrustSource {
  name: string;
  kind: 'certificate' | 'master-list' | 'crl';
  count: number;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

function base64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'base64'));
}

type DerKind = 'certificate' | 'crl' | 'cms';

/** Tell a Certificate, a CRL and a CMS ContentInfo apart by their first elements. */
function classify(der: Uint8Array): DerKind {
  const top = expectSequence(decodeAsn1(der, 'trust file'), 'trust file');
  if (top[0]?.idBlock.tagClass === 1 && top[0].idBlock.tagNumber === 6) return 'cms'; // ContentInfo: OID first
  const tbs = expectSequence(top[0], 'trust file');
  // tbsCertList has thisUpdate (a Time) as a direct child; tbsCertificate has Validity (a SEQUENCE) instead.
  const hasTime = tbs.some((n) => n.idBlock.tagClass === 1 && (n.idBlock.tagNumber === 23 || n.idBlock.tagNumber === 24));
  return hasTime ? 'crl' : 'certificate';
}

export class TrustStore {
  readonly anchors: Certificate[] = [];
  readonly crls: Crl[] = [];
  readonly sources: TrustSource[] = [];

  /** Load every file in `dir` (README and dot-files skipped). */
  static fromDirectory(dir: string): TrustStore {
    const store = new TrustStore();
    store.addDirectory(dir);
    return store;
  }

  static fromFiles(paths: readonly string[]): TrustStore {
    const store = new TrustStore();
    for (const p of paths) store.addFile(p);
    return store;
  }

  addDirectory(dir: string): void {
    const names = readdirSync(dir).filter((n) => !n.startsWith('.') && !/^readme/i.test(n) && !n.endsWith('.md')).sort();
    for (const n of names) if (statSync(join(dir, n)).isFile()) this.addFile(join(dir, n));
  }

  addFile(path: string): void {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch (cause) {
      throw new EmrtdError('INPUT_INVALID', `trust file not readable: ${path}`, { cause });
    }
    this.addBytes(bytes, basename(path));
  }

  /** PEM (any number of CERTIFICATE / X509 CRL / CMS / PKCS7 blocks) or one DER object. */
  addBytes(bytes: Uint8Array, name = 'trust file'): void {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, Math.min(bytes.length, 64)));
    if (text.includes('-----BEGIN')) {
      const all = new TextDecoder().decode(bytes);
      let found = 0;
      for (const m of all.matchAll(PEM_BLOCK)) {
        this.addDer(base64(m[2]), name, m[1] === 'X509 CRL' ? 'crl' : undefined);
        found++;
      }
      if (found === 0) throw new EmrtdError('INPUT_INVALID', `${name}: no PEM block`);
      return;
    }
    this.addDer(bytes, name);
  }

  addDer(der: Uint8Array, name = 'trust file', hint?: DerKind): void {
    let kind: DerKind;
    try {
      kind = hint ?? classify(der);
    } catch (cause) {
      throw new EmrtdError('INPUT_INVALID', `${name}: not a certificate, CRL or master list`, { cause });
    }
    try {
      if (kind === 'certificate') {
        this.addAnchor(parseCertificate(der));
        this.sources.push({ name, kind, count: 1 });
      } else if (kind === 'crl') {
        this.crls.push(parseCrl(der));
        this.sources.push({ name, kind, count: 1 });
      } else {
        const ml = parseMasterList(der, this.anchors);
        for (const c of ml.certificates) this.addAnchor(c);
        this.sources.push({ name, kind: 'master-list', count: ml.certificates.length });
      }
    } catch (e) {
      if (e instanceof EmrtdError && e.code === 'INPUT_INVALID') throw e;
      throw new EmrtdError('INPUT_INVALID', `${name}: ${e instanceof Error ? e.message : 'unreadable'}`, { cause: e });
    }
  }

  addAnchor(cert: Certificate): void {
    if (!this.anchors.some((a) => a.sha256 === cert.sha256)) this.anchors.push(cert);
  }

  /** Anchors that may have issued a certificate with this issuer name and authority key identifier. */
  candidateIssuers(cert: { issuer: string; authorityKeyIdentifier: Uint8Array | null }): Certificate[] {
    return this.anchors.filter((a) => mayHaveIssued(a, cert));
  }

  /** CRLs issued (name and signature) by this CSCA. */
  crlsOf(ca: Certificate): Crl[] {
    return this.crls.filter((c) => crlIssuedBy(c, ca));
  }
}
