import { describe, it, expect } from 'vitest';
import { icaoVectors } from '../../../helpers/shared.ts';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { formatLdsVersion, parseCom } from '../../../../electron/emrtd/lds/com.ts';
import { encodeCom } from '../../../../electron/card/fixtures/lds-encode.ts';

const sm = icaoVectors().secureMessaging as Record<string, string>;

describe('EF.COM', () => {
  it('parses the EF.COM of the 9303-11 secure messaging worked example', () => {
    expect(parseCom(fromHex(sm.efCom))).toEqual({ ldsVersion: '0106', unicodeVersion: '040000', dataGroups: ['DG1', 'DG2'] });
  });

  it('encodes byte-for-byte like the ICAO example', () => {
    expect(hex(encodeCom(['DG1', 'DG2'], '0106', '040000'))).toBe(sm.efCom);
  });

  it('round-trips a CCCD tag list', () => {
    const groups = ['DG1', 'DG2', 'DG13', 'DG14', 'DG15'] as const;
    const com = parseCom(encodeCom([...groups]));
    expect(com).toEqual({ ldsVersion: '0107', unicodeVersion: '040000', dataGroups: [...groups] });
    expect(formatLdsVersion(com.ldsVersion ?? '')).toBe('1.7');
    expect(formatLdsVersion('040000')).toBe('4.0.0');
  });

  it('skips unknown tags and tolerates a missing version', () => {
    expect(parseCom(fromHex('60065C04617F6E99')).dataGroups).toEqual(['DG1', 'DG14']);
    expect(parseCom(fromHex('60065C04617F6E99')).ldsVersion).toBeNull();
  });

  it('rejects malformed EF.COM with LDS_MALFORMED', () => {
    for (const bad of ['6100', '60035F0100', '60075F01033031305C00', '6003', '']) {
      let err: unknown;
      try {
        parseCom(fromHex(bad));
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(EmrtdError);
      expect((err as EmrtdError).code, bad).toBe('LDS_MALFORMED');
    }
  });
});
