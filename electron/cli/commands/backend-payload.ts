// `kiosk backend payload hospital|airport`: print the exact payload the kiosk would send for a card, with no
// network: the validated FHIR transaction Bundle, or the airline check-in assertion.
// Reproducible: the request id (and every fullUrl derived from it) is a hash of the inputs, and the time is
// --at (default: now, to the second) — so the same card file, options and --at print byte-identical JSON.
// Exit 0 with the payload, exit 2 with {"error": {"code", "message"}}.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { canonicalJson, type JsonValue } from '../../audit/canonical-json.ts';
import { parseBookingInput } from '../../backends/airport/boarding-pass.ts';
import { buildCheckinAssertion } from '../../backends/airport/checkin-assertion.ts';
import { parseCardReadJson } from '../../backends/card-identity.ts';
import { BackendError, toBackendError } from '../../backends/errors.ts';
import { buildAdmissionBundle } from '../../backends/hospital/admission-bundle.ts';
import { DEFAULT_VISIT_TYPE, VISIT_TYPES, isVisitType } from '../../backends/hospital/fhir-systems.ts';
import { validateAdmissionBundle } from '../../backends/hospital/validate-bundle.ts';
import { derivedUuid, isUuid, type SubmissionContext, type VerificationFacts } from '../../backends/visit-facts.ts';
import { loadBackendConfig } from '../../config/backend-config.ts';
import { EXIT_FAILURE, EXIT_OK, type CliCommand } from '../command.ts';

const USAGE =
  'backend payload (hospital [--visit-type <code>] | airport --booking <PNR or BCBP>) --card <card-read.json> ' +
  '[--at <ISO time>] [--request-id <uuid>] [--consent-id <id>] [--face-score <n> --face-threshold <n>] ' +
  '[--liveness pass|fail] [--kiosk-id <id>] [--location <id>] [--config <file>] [--json]';

function bad(message: string): never {
  throw new BackendError('INVALID_INPUT', message);
}

function num(v: string | undefined, name: string): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  if (!Number.isFinite(n)) bad(`${name} must be a number`);
  return n;
}

export function buildPayload(args: string[], env: NodeJS.ProcessEnv = process.env): unknown {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        card: { type: 'string' },
        'visit-type': { type: 'string' },
        booking: { type: 'string' },
        at: { type: 'string' },
        'request-id': { type: 'string' },
        'consent-id': { type: 'string' },
        'face-score': { type: 'string' },
        'face-threshold': { type: 'string' },
        liveness: { type: 'string' },
        'kiosk-id': { type: 'string' },
        location: { type: 'string' },
        config: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    bad(`${(e as Error).message}; usage: kiosk ${USAGE}`);
  }
  const v = parsed.values;
  const target = parsed.positionals[0];
  if (parsed.positionals.length !== 1 || (target !== 'hospital' && target !== 'airport')) bad(`say hospital or airport; usage: kiosk ${USAGE}`);
  if (!v.card) bad('--card <file with the JSON of kiosk card read> is required');
  let cardText: string;
  try {
    cardText = readFileSync(v.card, 'utf8');
  } catch {
    bad(`cannot read ${v.card}`);
  }
  const card = parseCardReadJson(cardText);

  const config = v.config || env.KIOSK_CONFIG ? loadBackendConfig(v.config, env) : null;
  const at = v.at ?? new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
  if (Number.isNaN(Date.parse(at)) || !/^\d{4}-\d{2}-\d{2}T/.test(at)) bad('--at must be an ISO 8601 date-time');
  const kioskId = v['kiosk-id'] ?? config?.kioskId ?? 'kiosk-cli';
  const locationId = v.location ?? config?.locationId ?? 'kiosk';
  const visitType = v['visit-type'] ?? DEFAULT_VISIT_TYPE;
  if (target === 'hospital' && !isVisitType(visitType)) bad(`--visit-type must be one of ${Object.keys(VISIT_TYPES).join(', ')}`);
  if (target === 'airport' && !v.booking) bad('--booking <PNR or BCBP string> is required for airport');

  const cardHash = createHash('sha256').update(canonicalJson(card as unknown as JsonValue)).digest('hex');
  const requestId = v['request-id'] ?? derivedUuid('kiosk backend payload', target, cardHash, visitType, v.booking ?? '', at, kioskId, locationId);
  if (!isUuid(requestId)) bad('--request-id must be a lower-case UUID');
  const context: SubmissionContext = { requestId, at, kioskId, locationId };

  const score = num(v['face-score'], '--face-score');
  const threshold = num(v['face-threshold'], '--face-threshold');
  if ((score === null) !== (threshold === null)) bad('--face-score and --face-threshold go together');
  if (v.liveness !== undefined && v.liveness !== 'pass' && v.liveness !== 'fail') bad('--liveness must be pass or fail');
  const verification: VerificationFacts = {
    consentId: v['consent-id'] ?? `consent-${derivedUuid('consent', requestId)}`,
    face: score === null || threshold === null ? { result: 'not-performed', score: null, threshold: null } : { result: score >= threshold ? 'match' : 'no-match', score, threshold },
    liveness: v.liveness === undefined ? { result: 'not-performed', score: null } : { result: v.liveness as 'pass' | 'fail', score: null },
  };

  if (target === 'hospital') {
    return validateAdmissionBundle(buildAdmissionBundle({ card, visitType: visitType as keyof typeof VISIT_TYPES, context, verification }));
  }
  return buildCheckinAssertion({ card, booking: parseBookingInput(v.booking as string), context, verification });
}

export const command: CliCommand = {
  path: ['backend', 'payload'],
  usage: USAGE,
  summary: 'Print the exact, validated payload (FHIR transaction Bundle or airline check-in assertion) for a card; no network.',
  async run(args, io) {
    const json = args.includes('--json');
    try {
      io.out(JSON.stringify(buildPayload(args), null, 2));
      return EXIT_OK;
    } catch (e) {
      const err = toBackendError(e);
      if (json) io.out(JSON.stringify({ error: { code: err.code, message: err.message } }));
      else io.err(`backend payload failed: ${err.code}: ${err.message}`);
      return EXIT_FAILURE;
    }
  },
};
