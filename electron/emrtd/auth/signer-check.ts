// Optional online check of the Document Signer: no public CSCA is known for the CCCD signer, so a deployment
// may ask an authority it trusts instead. The kiosk POSTs the signer certificate from EF.SOD to a configured
// HTTPS endpoint and gets a verdict:
//   request  POST <url>  {"certificate": "<base64 DER>", "sha256": "<hex fingerprint>"}
//   answer   200 {"verdict": "trusted" | "untrusted" | "revoked" | "unknown", "detail"?: "..."}
// HTTPS only, with the endpoint's CA configurable, one deadline for the whole exchange and a bounded answer.
// No personal data is sent: the certificate identifies the issuing authority, not the citizen.
import { createHash } from 'node:crypto';
import https from 'node:https';

export type SignerVerdict = 'trusted' | 'untrusted' | 'revoked' | 'unknown' | 'unavailable';

export interface SignerCheckResult {
  verdict: SignerVerdict;
  detail?: string;
  ms: number;
}

export interface SignerCheckConfig {
  /** https:// endpoint. */
  url: string;
  /** PEM of the CA(s) that issued the endpoint's TLS certificate; the system store when absent. */
  caPem?: string;
  /** Whole-exchange deadline (default 3000 ms). */
  timeoutMs?: number;
}

const MAX_ANSWER_BYTES = 64 * 1024;
const VERDICTS: readonly SignerVerdict[] = ['trusted', 'untrusted', 'revoked', 'unknown'];

export class SignerCheckClient {
  readonly #url: URL;
  readonly #config: SignerCheckConfig;
  readonly #agent: https.Agent;

  constructor(config: SignerCheckConfig) {
    const url = new URL(config.url);
    if (url.protocol !== 'https:') throw new RangeError(`signer check: ${url.protocol} is not allowed, use https`);
    this.#url = url;
    this.#config = config;
    this.#agent = new https.Agent({ keepAlive: true, maxSockets: 2, ca: config.caPem });
  }

  /** Never throws: network trouble is the verdict 'unavailable', so the read still completes. */
  async check(certificate: Uint8Array): Promise<SignerCheckResult> {
    const started = performance.now();
    const done = (verdict: SignerVerdict, detail?: string): SignerCheckResult => ({ verdict, ...(detail ? { detail } : {}), ms: Math.round(performance.now() - started) });
    const body = JSON.stringify({
      certificate: Buffer.from(certificate).toString('base64'),
      sha256: createHash('sha256').update(certificate).digest('hex'),
    });
    try {
      const { status, text } = await this.#post(body);
      if (status !== 200) return done('unavailable', `HTTP ${status}`);
      const parsed = JSON.parse(text) as { verdict?: unknown; detail?: unknown };
      const verdict = VERDICTS.find((v) => v === parsed.verdict);
      if (!verdict) return done('unavailable', 'answer without a known verdict');
      return done(verdict, typeof parsed.detail === 'string' ? parsed.detail.slice(0, 200) : undefined);
    } catch (e) {
      return done('unavailable', e instanceof Error ? e.message : String(e));
    }
  }

  close(): void {
    this.#agent.destroy();
  }

  #post(body: string): Promise<{ status: number; text: string }> {
    const timeoutMs = this.#config.timeoutMs ?? 3000;
    return new Promise((resolve, reject) => {
      const req = https.request(
        this.#url,
        {
          method: 'POST',
          agent: this.#agent,
          headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body) },
          signal: AbortSignal.timeout(timeoutMs),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_ANSWER_BYTES) {
              req.destroy(new Error('answer too large'));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', (e) => reject(e.name === 'AbortError' || e.name === 'TimeoutError' ? new Error(`no answer within ${timeoutMs} ms`) : e));
      req.end(body);
    });
  }
}
