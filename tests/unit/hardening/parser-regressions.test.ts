// Bugs the fuzz job found in backend-answer parsers: JSON of the wrong shape (null, a number where an array
// belongs, a null entry) made them throw TypeError instead of the backends' typed BAD_RESPONSE.
import { describe, expect, it } from 'vitest';
import { BackendError } from '../../../electron/backends/errors.ts';
import { parseCheckinAnswer } from '../../../electron/backends/airport/airport-client.ts';
import { lookupCoverage, parseAdmissionResponse } from '../../../electron/backends/hospital/hospital-client.ts';
import type { Transport } from '../../../electron/backends/transport/https-transport.ts';

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof BackendError ? e.code : `untyped ${(e as Error).name}`;
  }
}

const tr = (rest: string): string => `{"resourceType":"Bundle","type":"transaction-response"${rest}}`;

describe('backend answers of the wrong JSON shape are BAD_RESPONSE', () => {
  it.each([
    ['null', 'null'],
    ['a number', '5'],
    ['entry not an array', tr(',"entry":7')],
    ['a null entry', tr(',"entry":[null]')],
    ['Encounter.identifier not an array', tr(',"entry":[{"resource":{"resourceType":"Encounter","identifier":{"a":1}}}]')],
    ['planned location without its reference', tr(',"entry":[{"resource":{"resourceType":"Encounter","identifier":[{"system":"urn:oid:1.2.3.4.5.1","value":"A1"}],"location":[{"status":"planned"}]}}]')],
  ])('hospital transaction-response: %s', (_what, body) => {
    expect(codeOf(() => parseAdmissionResponse(body))).toMatch(/^(BAD_RESPONSE|ok)$/);
  });

  it('the plain null transaction-response (found by the fuzz job) is BAD_RESPONSE', () => {
    expect(codeOf(() => parseAdmissionResponse('null'))).toBe('BAD_RESPONSE');
    expect(codeOf(() => parseAdmissionResponse(tr(',"entry":[null]')))).toBe('BAD_RESPONSE');
  });

  it.each(['null', '7', '"CHECKED_IN"'])('airline answer %s', (body) => {
    expect(codeOf(() => parseCheckinAnswer(body))).toBe('BAD_RESPONSE');
  });

  it.each(['null', '{"entry":3}', '{"entry":[{"resource":{"resourceType":"Coverage","id":"c","status":"active","class":[{"name":"x"}]}}]}'])(
    'coverage lookup answer %s',
    async (body) => {
      const transport = { send: async () => ({ status: 200, headers: {}, body }) } as unknown as Transport;
      const err = await lookupCoverage(transport, '001058012345').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackendError);
      expect((err as BackendError).code).toBe('BAD_RESPONSE');
    },
  );
});
