// Turns a chip read and a trust store into the contract's `authenticity` (electron/contract/card-read.ts):
// passive authentication over every data group read, the optional online signer check, and the Active /
// Chip Authentication verdicts the read already reached while the session was open. The kiosk calls
// assessAuthenticity() main-side right after readDocument(); nothing here touches the renderer.
import { fileURLToPath } from 'node:url';
import type { AuthenticityFacts } from '../contract/card-read.ts';
import { verifyPassive, type PassiveResult } from '../emrtd/auth/passive.ts';
import type { SignerCheckClient, SignerCheckResult } from '../emrtd/auth/signer-check.ts';
import { TrustStore } from '../emrtd/auth/trust-store.ts';
import type { ChipChecks } from '../emrtd/auth/chip-checks.ts';
import type { DocumentRead } from '../emrtd/read/read-document.ts';

/** resources/csca/ of this checkout: the default trust store (CSCAs shipped with the kiosk). */
export const DEFAULT_CSCA_DIR = fileURLToPath(new URL('../../resources/csca/', import.meta.url));

export interface AuthenticityOptions {
  trust: TrustStore;
  /** Online Document Signer check, when the deployment configures one. */
  signerCheck?: SignerCheckClient;
  now?: Date;
}

export interface AuthenticityReport {
  facts: AuthenticityFacts;
  passive: PassiveResult;
  chip: ChipChecks;
  signerCheck: SignerCheckResult | null;
  /** Host CPU-side time of the checks here (passive + online), ms. */
  ms: number;
}

/** Data-group number → bytes of every data group the read returned. */
export function dataGroupsOfRead(doc: Pick<DocumentRead, 'files'>): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  for (const [name, bytes] of doc.files) if (/^DG\d+$/.test(name)) out.set(Number(name.slice(2)), bytes);
  return out;
}

/** Combine the local verdict with the online one: an authority's "revoked" or "untrusted" wins over local trust. */
function applySignerCheck(p: PassiveResult, online: SignerCheckResult): Pick<PassiveResult, 'status' | 'problems'> {
  const problems = [...p.problems];
  if (online.verdict === 'revoked') {
    return { status: 'invalid', problems: [...problems, 'revoked signer (online check)'] };
  }
  if (online.verdict === 'untrusted' && p.status === 'valid') return { status: 'signer-untrusted', problems: [...problems, 'signer not trusted by the online check'] };
  if (online.verdict === 'trusted' && p.status === 'signer-untrusted') {
    // Only the chain was missing; everything the chip signed still had to verify for this.
    return { status: 'valid', problems: problems.filter((x) => !x.startsWith('chain does not reach')) };
  }
  return { status: p.status, problems };
}

export async function assessAuthenticity(doc: DocumentRead, opts: AuthenticityOptions): Promise<AuthenticityReport> {
  const started = performance.now();
  const sod = doc.files.get('SOD');
  const passive: PassiveResult = sod
    ? verifyPassive({ sod, dataGroups: dataGroupsOfRead(doc), trust: opts.trust, now: opts.now })
    : { status: 'invalid', signer: null, problems: ['no EF.SOD read'], csca: null, algorithm: null, dataGroups: [], revocation: 'unknown', signerCertificate: null };
  let status = passive.status;
  let problems = passive.problems;
  let signerCheck: SignerCheckResult | null = null;
  if (opts.signerCheck && passive.signerCertificate) {
    signerCheck = await opts.signerCheck.check(passive.signerCertificate);
    ({ status, problems } = applySignerCheck(passive, signerCheck));
  }
  const chip = doc.authentication;
  return {
    facts: {
      passive: { status, signer: passive.signer, problems },
      active: { status: chip.active.status },
      chip: { status: chip.chip.status },
    },
    passive,
    chip,
    signerCheck,
    ms: Math.round((performance.now() - started) * 10) / 10,
  };
}

/** The trust store from files (PEM/DER certificates, master lists, CRLs), or resources/csca/ when none given. */
export function loadTrustStore(files: readonly string[], crls: readonly string[] = []): TrustStore {
  const store = files.length > 0 ? TrustStore.fromFiles(files) : TrustStore.fromDirectory(DEFAULT_CSCA_DIR);
  for (const f of crls) store.addFile(f);
  return store;
}
