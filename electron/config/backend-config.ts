// Configuration of the backends and the outbox: where the hospital / airline endpoints are, how to trust
// them (CA, client certificate, OAuth2 client credentials), and where and how the outbox keeps submissions.
// Loaded from one JSON file (`--config <file>` or KIOSK_CONFIG); relative paths are resolved against the
// file's folder. Secrets are referenced by file or environment variable name, never printed.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { BackendError } from '../backends/errors.ts';
import { parsePrinterConfig, type PrinterConfig } from '../ticket/printer-config.ts';

export interface TlsConfig {
  /** PEM file of the CA(s) that sign the backend's server certificate; default: the system store. */
  caFile?: string;
  /** PEM client certificate and key for mTLS; both or neither. */
  certFile?: string;
  keyFile?: string;
}

export interface OAuthClientConfig {
  tokenUrl: string;
  clientId: string;
  /** Where the client secret is: a file, or an environment variable (never inline in the file). */
  clientSecretFile?: string;
  clientSecretEnv?: string;
  scope?: string;
}

export interface EndpointConfig {
  /** https://… ; http:// only for loopback hosts (the simulators). */
  baseUrl: string;
  tls: TlsConfig;
  oauth: OAuthClientConfig | null;
  /** Whole-request timeout (connect + send + answer). */
  timeoutMs: number;
}

/** Where the outbox's AES-256-GCM key comes from; Electron's safeStorage plugs in as a KeyProvider later. */
export type OutboxKeySource =
  | { kind: 'env'; name: string } // 64 hex chars in an environment variable
  | { kind: 'file'; path: string } // 64 hex chars in a file readable only by the kiosk user
  | { kind: 'safe-storage'; path: string }; // a key sealed by Electron safeStorage (provided by the app)

export interface BackoffConfig {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export interface OutboxConfig {
  dir: string;
  key: OutboxKeySource;
  /** Undelivered and delivered records older than this are purged (with an audit event). */
  retentionHours: number;
  backoff: BackoffConfig;
  /** How long `submit` waits for the first delivery before answering "queued". */
  firstAttemptWaitMs: number;
}

export interface AuditConfig {
  file: string;
  /** HMAC key for the audit hash chain, same sources as the outbox key. */
  key: OutboxKeySource | null;
  /** Start a new segment once the live file holds this many bytes (the chain continues across segments). */
  rotateBytes?: number;
  /** Rotated segments older than this many days are deleted (with an audit event); null keeps them all. */
  retentionDays?: number | null;
}

/** 16 MiB: a year of a busy kiosk's events is a handful of segments, each quick to verify. */
export const DEFAULT_AUDIT_ROTATE_BYTES = 16 * 1024 * 1024;

export interface BackendConfig {
  kioskId: string;
  /** FHIR Location id of this kiosk at the hospital (Encounter.location, Provenance.location). */
  locationId: string;
  hospital: EndpointConfig | null;
  airport: EndpointConfig | null;
  outbox: OutboxConfig;
  audit: AuditConfig;
  /** The card reader (`reader` section; absent → the emulated reader with the demo cards). */
  reader?: ReaderConfig;
  /** The ticket printer (`printer` section; absent → emulated, memory only). See electron/ticket/printer-config.ts. */
  printer?: PrinterConfig;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
// The cap bounds how long a queue waits after a backend comes back; one probe per kiosk every 15 s is light.
export const DEFAULT_BACKOFF: BackoffConfig = { initialMs: 1_000, maxMs: 15_000, factor: 2 };
export const DEFAULT_RETENTION_HOURS = 72;
export const DEFAULT_FIRST_ATTEMPT_WAIT_MS = 8_000;

type Obj = Record<string, unknown>;

function fail(path: string, what: string): never {
  throw new BackendError('CONFIG', `configuration ${path}: ${what}`);
}

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'must be an object');
  return v as Obj;
}

function str(o: Obj, k: string, path: string, fallback?: string): string {
  const v = o[k] ?? fallback;
  if (typeof v !== 'string' || v.length === 0) fail(`${path}.${k}`, 'must be a non-empty string');
  return v;
}

function optStr(o: Obj, k: string, path: string): string | undefined {
  if (o[k] === undefined) return undefined;
  return str(o, k, path);
}

function num(o: Obj, k: string, path: string, fallback: number, min: number): number {
  const v = o[k] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) fail(`${path}.${k}`, `must be a number ≥ ${min}`);
  return v;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function parseBaseUrl(v: string, path: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    fail(path, 'is not a URL');
  }
  if (u.protocol === 'http:' && !LOOPBACK.has(u.hostname)) fail(path, 'plain http is allowed only on loopback');
  if (u.protocol !== 'https:' && u.protocol !== 'http:') fail(path, 'must be https');
  if (u.search || u.hash || u.username || u.password) fail(path, 'must not carry a query, fragment or credentials');
  return u.href.replace(/\/+$/, '');
}

function parseKeySource(v: unknown, path: string, base: string): OutboxKeySource {
  const o = obj(v, path);
  switch (o.kind) {
    case 'env':
      return { kind: 'env', name: str(o, 'name', path) };
    case 'file':
      return { kind: 'file', path: resolve(base, str(o, 'path', path)) };
    case 'safe-storage':
      return { kind: 'safe-storage', path: resolve(base, str(o, 'path', path)) };
    default:
      fail(`${path}.kind`, 'must be env, file or safe-storage');
  }
}

function parseEndpoint(v: unknown, path: string, base: string): EndpointConfig | null {
  if (v === undefined || v === null) return null;
  const o = obj(v, path);
  const tlsIn = o.tls === undefined ? {} : obj(o.tls, `${path}.tls`);
  const file = (k: string): string | undefined => {
    const s = optStr(tlsIn, k, `${path}.tls`);
    return s === undefined ? undefined : isAbsolute(s) ? s : resolve(base, s);
  };
  const tls: TlsConfig = { caFile: file('caFile'), certFile: file('certFile'), keyFile: file('keyFile') };
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
    fail(`${path}.tls`, 'certFile and keyFile go together');
  }
  let oauth: OAuthClientConfig | null = null;
  if (o.oauth !== undefined && o.oauth !== null) {
    const a = obj(o.oauth, `${path}.oauth`);
    const secretFile = optStr(a, 'clientSecretFile', `${path}.oauth`);
    oauth = {
      tokenUrl: parseBaseUrl(str(a, 'tokenUrl', `${path}.oauth`), `${path}.oauth.tokenUrl`),
      clientId: str(a, 'clientId', `${path}.oauth`),
      clientSecretFile: secretFile === undefined ? undefined : resolve(base, secretFile),
      clientSecretEnv: optStr(a, 'clientSecretEnv', `${path}.oauth`),
      scope: optStr(a, 'scope', `${path}.oauth`),
    };
    if (!oauth.clientSecretFile && !oauth.clientSecretEnv) {
      fail(`${path}.oauth`, 'needs clientSecretFile or clientSecretEnv');
    }
    if ('clientSecret' in a) fail(`${path}.oauth.clientSecret`, 'inline secrets are not accepted');
  }
  return {
    baseUrl: parseBaseUrl(str(o, 'baseUrl', path), `${path}.baseUrl`),
    tls,
    oauth,
    timeoutMs: num(o, 'timeoutMs', path, DEFAULT_TIMEOUT_MS, 100),
  };
}

/** Which card reader the kiosk uses: the emulated one (demo cards) or a PC/SC reader picked by part of its name. */
export type ReaderConfig = { kind: 'emulated' } | { kind: 'pcsc'; name?: string };

function parseReaderConfig(v: unknown): ReaderConfig | undefined {
  if (v === undefined || v === null) return undefined;
  const o = obj(v, 'reader');
  if (o.kind === 'emulated') return { kind: 'emulated' };
  if (o.kind !== 'pcsc') fail('reader.kind', 'must be emulated or pcsc');
  return { kind: 'pcsc', name: optStr(o, 'name', 'reader') };
}

/** Validates a parsed configuration object; `base` resolves relative file paths. */
export function parseBackendConfig(input: unknown, base: string): BackendConfig {
  const o = obj(input, 'root');
  const out = obj(o.outbox, 'outbox');
  const backoffIn = out.backoff === undefined ? {} : obj(out.backoff, 'outbox.backoff');
  const backoff: BackoffConfig = {
    initialMs: num(backoffIn, 'initialMs', 'outbox.backoff', DEFAULT_BACKOFF.initialMs, 1),
    maxMs: num(backoffIn, 'maxMs', 'outbox.backoff', DEFAULT_BACKOFF.maxMs, 1),
    factor: num(backoffIn, 'factor', 'outbox.backoff', DEFAULT_BACKOFF.factor, 1),
  };
  if (backoff.maxMs < backoff.initialMs) fail('outbox.backoff.maxMs', 'must be ≥ initialMs');
  const auditIn = o.audit === undefined ? {} : obj(o.audit, 'audit');
  const outboxDir = resolve(base, str(out, 'dir', 'outbox'));
  return {
    kioskId: str(o, 'kioskId', 'root'),
    locationId: str(o, 'locationId', 'root'),
    hospital: parseEndpoint(o.hospital, 'hospital', base),
    airport: parseEndpoint(o.airport, 'airport', base),
    outbox: {
      dir: outboxDir,
      key: parseKeySource(out.key, 'outbox.key', base),
      retentionHours: num(out, 'retentionHours', 'outbox', DEFAULT_RETENTION_HOURS, 0),
      backoff,
      firstAttemptWaitMs: num(out, 'firstAttemptWaitMs', 'outbox', DEFAULT_FIRST_ATTEMPT_WAIT_MS, 0),
    },
    audit: {
      file: resolve(base, typeof auditIn.file === 'string' ? auditIn.file : resolve(outboxDir, 'audit.jsonl')),
      key: auditIn.key === undefined || auditIn.key === null ? null : parseKeySource(auditIn.key, 'audit.key', base),
      rotateBytes: num(auditIn, 'rotateBytes', 'audit', DEFAULT_AUDIT_ROTATE_BYTES, 4096),
      retentionDays: auditIn.retentionDays === undefined || auditIn.retentionDays === null ? null : num(auditIn, 'retentionDays', 'audit', 0, 1),
    },
    reader: parseReaderConfig(o.reader),
    printer: parsePrinterConfig(o.printer, fail),
  };
}

/** Reads and validates the configuration file: the path given, else $KIOSK_CONFIG. */
export function loadBackendConfig(path?: string, env: NodeJS.ProcessEnv = process.env): BackendConfig {
  const file = path ?? env.KIOSK_CONFIG;
  if (!file) throw new BackendError('CONFIG', 'no configuration: pass --config <file> or set KIOSK_CONFIG');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new BackendError('CONFIG', `configuration file not readable: ${file}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackendError('CONFIG', `configuration file is not JSON: ${file}`);
  }
  return parseBackendConfig(json, dirname(resolve(file)));
}
