import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { KIOSK_METHODS, MAX_FRAME_BYTES, parseRequest } from '../../../electron/contract/kiosk-api.ts';
import { KIOSK_ERROR_CODES, KIOSK_ERRORS, KioskError, isKioskErrorCode, toKioskErrorPayload } from '../../../electron/contract/errors.ts';
import { decodeWire, encodeWire } from '../../../electron/contract/wire.ts';

describe('request validation', () => {
  it('accepts well-formed requests and returns the parsed params', () => {
    expect(parseRequest('chooseService', { service: 'hospital' })).toEqual({ method: 'chooseService', params: { service: 'hospital' } });
    expect(parseRequest('getView', undefined)).toEqual({ method: 'getView', params: {} });
    expect(parseRequest('submitAccessKey', { kind: 'keypad', idNumber: '001058012345', dateOfBirth: '15031958', dateOfExpiry: 'none' })).not.toBeNull();
    expect(parseRequest('submitAccessKey', { kind: 'qr', payload: '001058012345|011234567|Nguyễn Văn An|15031958|Nam|x|10042021' })).not.toBeNull();
    expect(parseRequest('sendFrame', { jpeg: new Uint8Array([0xff, 0xd8, 0xff]), width: 640, height: 480 })).not.toBeNull();
  });

  it('rejects unknown methods, extra fields, wrong types and oversized frames', () => {
    expect(parseRequest('eval', {})).toBeNull();
    expect(parseRequest('__proto__', {})).toBeNull();
    expect(parseRequest('chooseService', { service: 'casino' })).toBeNull();
    expect(parseRequest('answerConsent', { accepted: 'yes' })).toBeNull();
    expect(parseRequest('answerConsent', { accepted: true, extra: 1 })).toBeNull();
    expect(parseRequest('staffLogin', { pin: '12a4' })).toBeNull();
    expect(parseRequest('sendFrame', { jpeg: 'AAAA', width: 640, height: 480 })).toBeNull();
    expect(parseRequest('sendFrame', { jpeg: new Uint8Array(MAX_FRAME_BYTES + 1), width: 640, height: 480 })).toBeNull();
    expect(parseRequest('sendFrame', { jpeg: new Uint8Array(10), width: 640.5, height: 480 })).toBeNull();
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...KIOSK_METHODS), fc.string()), fc.anything(), (m, p) => {
        const r = parseRequest(m, p);
        expect(r === null || KIOSK_METHODS.includes(r.method)).toBe(true);
      }),
    );
  });
});

describe('error catalogue', () => {
  it('gives every code a Vietnamese and an English message and action, and a unique staff code', () => {
    const staff = new Set<string>();
    for (const code of KIOSK_ERROR_CODES) {
      const t = KIOSK_ERRORS[code];
      for (const text of [t.message.vi, t.message.en, t.action.vi, t.action.en]) expect(text.length).toBeGreaterThan(3);
      expect(t.message.vi).not.toBe(t.message.en);
      expect(staff.has(t.staffCode)).toBe(false);
      staff.add(t.staffCode);
    }
  });

  it('Vietnamese messages carry diacritics (not ASCII-folded)', () => {
    const vi = KIOSK_ERROR_CODES.map((c) => KIOSK_ERRORS[c].message.vi).join(' ');
    expect(vi).toMatch(/[ăâđêôơưàảãạáằẳẵặắầẩẫậấèẻẽẹéềểễệếìỉĩịíòỏõọóồổỗộốờởỡợớùủũụúừửữựứỳỷỹỵý]/);
  });

  it('maps anything thrown to a payload without detail text', () => {
    expect(toKioskErrorPayload(new KioskError('CARD_REMOVED', 'apdu 12 failed'))).toEqual({
      code: 'CARD_REMOVED',
      message: KIOSK_ERRORS.CARD_REMOVED.message,
      staffCode: 'K-CHIP-03',
    });
    expect(toKioskErrorPayload(new TypeError('x is undefined')).code).toBe('INTERNAL');
    expect(isKioskErrorCode('FACE_MISMATCH')).toBe(true);
    expect(isKioskErrorCode('toString')).toBe(false);
  });
});

describe('WebSocket wire format', () => {
  it('round-trips byte arrays of any content', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
        const back = decodeWire(encodeWire({ t: 'req', id: 1, method: 'sendFrame', params: { jpeg: bytes, width: 1, height: 1 } })) as {
          params: { jpeg: Uint8Array };
        };
        expect(back.params.jpeg).toBeInstanceOf(Uint8Array);
        expect(Array.from(back.params.jpeg)).toEqual(Array.from(bytes));
      }),
      { numRuns: 30 },
    );
  });

  it('returns null for text that is not JSON and leaves look-alike objects alone', () => {
    expect(decodeWire('{not json')).toBeNull();
    expect(decodeWire('{"$b64": 5}')).toEqual({ $b64: 5 });
    expect(decodeWire('{"$b64": "AA==", "x": 1}')).toEqual({ $b64: 'AA==', x: 1 });
  });
});
