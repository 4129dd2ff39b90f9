import { describe, it, expect } from 'vitest';
import { mrzInformation, mrzInformationFrom } from '../../../../electron/emrtd/mrz/mrz-info.ts';
import { parseMrz } from '../../../../electron/emrtd/mrz/parse.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { icaoVectors } from '../../../helpers/shared.ts';

describe('MRZ information (9303-11 §4.3.2)', () => {
  it('matches the BAC worked example (9303-11 Appendix D.2)', () => {
    const bac = icaoVectors().bac as Record<string, string>;
    expect(mrzInformationFrom(bac.documentNumber, bac.dateOfBirth, bac.dateOfExpiry)).toBe(bac.mrzInformation);
    // The document number without its filler pads back to 9 characters.
    expect(mrzInformationFrom('L898902C', '690806', '940623')).toBe(bac.mrzInformation);
  });

  it('comes from a parsed MRZ: the TD3 specimen and a CCCD (9-digit short number)', () => {
    const td3 = parseMrz('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10');
    expect(mrzInformation(td3)).toBe('L898902C36' + '7408122' + '1204159');
    const cccd = parseMrz('IDVNM0901234562001090123456<<39001158M3001156VNM<<<<<<<<<<<0NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<');
    expect(mrzInformation(cccd)).toBe('0901234562' + '9001158' + '3001156');
  });

  it('uses a TD1 long document number in full with its own check digit', () => {
    const m = parseMrz('I<UTOD23145890<7349<<<<<<<<<<<7408122F1204159UTO<<<<<<<<<<<6ERIKSSON<<ANNA<MARIA<<<<<<<<<<');
    expect(mrzInformation(m)).toBe('D23145890734' + '9' + '7408122' + '1204159');
  });

  it('rejects malformed fields with INPUT_INVALID', () => {
    for (const args of [['', '690806', '940623'], ['L898902C', '69086', '940623'], ['L89-8902', '690806', '940623'], ['L898902C', '690806', 'abcdef']]) {
      try {
        mrzInformationFrom(args[0], args[1], args[2]);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(EmrtdError);
        expect((e as EmrtdError).code).toBe('INPUT_INVALID');
      }
    }
  });
});
