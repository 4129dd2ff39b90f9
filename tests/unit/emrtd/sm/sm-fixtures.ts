// Shared test material for the secure-messaging tests: the ICAO 9303-11 Appendix D.4 3DES exchanges, the
// INTERNAL AUTHENTICATE exchange of the active-authentication vector, and a real-chip AES-256 trace.
import { icaoVectors } from '../../../helpers/shared.ts';

export interface Exchange {
  name: string;
  unprotectedCommand: string;
  protectedCommand: string;
  protectedResponse: string;
  decryptedResponseData: string;
  statusWord: string;
}

export interface SmTrace {
  name: string;
  alg: '3DES' | 'AES';
  ksEnc: string;
  ksMac: string;
  initialSsc: string;
  finalSsc: string;
  exchanges: Exchange[];
}

const v = icaoVectors();
const d4 = v.secureMessaging as unknown as {
  ksEnc: string;
  ksMac: string;
  initialSsc: string;
  finalSsc: string;
  exchanges: Exchange[];
};
const aaTop = v.activeAuthentication as unknown as { internalAuthenticateUnprotected: string; secureMessaging: Record<string, string> };
const aa = aaTop.secureMessaging;

export const D4: SmTrace = { name: '9303-11 Appendix D.4 (3DES)', alg: '3DES', ...d4 };

export const AA_INTERNAL_AUTHENTICATE: SmTrace = {
  name: 'INTERNAL AUTHENTICATE under 3DES SM (active-authentication vector)',
  alg: '3DES',
  ksEnc: aa.ksEnc,
  ksMac: aa.ksMac,
  initialSsc: aa.ssc,
  finalSsc: aa.responseSsc,
  exchanges: [
    {
      name: 'INTERNAL AUTHENTICATE',
      unprotectedCommand: aaTop.internalAuthenticateUnprotected,
      protectedCommand: aa.protectedCommand,
      protectedResponse: aa.protectedResponse,
      decryptedResponseData: aa.decryptedResponseData,
      statusWord: '9000',
    },
  ],
};

/**
 * Reading EF.COM from a real chip under AES-256 secure messaging (after PACE), as replayed in gmrtd
 * iso7816/nfc_session_test.go TestNfcSessionSecureMessagingAES. SSC starts at 0x20.
 */
export const GMRTD_AES256: SmTrace = {
  name: 'gmrtd AES-256 EF.COM read',
  alg: 'AES',
  ksEnc: '74B94F408BBB2CD92571FD5B6370A94CCE7A2FA42AE3EB4DA47B97CE6EAA24C6',
  ksMac: '9E28D5D9FF1D979BE752E8926BF0E1D35A440FC0AEFC4AA3BC5610055AC8B113',
  initialSsc: '00000000000000000000000000000020',
  finalSsc: '00000000000000000000000000000026',
  exchanges: [
    {
      name: 'SELECT EF.COM',
      unprotectedCommand: '00A4020C02011E',
      protectedCommand: '0CA4020C1D8711011D35E7EB510E21A0DD12380D9AD2B92D8E0828CB68B81D3FAFC000',
      protectedResponse: '990290008E08E083EAA61ADABFCE9000',
      decryptedResponseData: '',
      statusWord: '9000',
    },
    {
      name: 'READ BINARY 4 bytes at offset 0',
      unprotectedCommand: '00B0000004',
      protectedCommand: '0CB000000D9701048E084AFC933E0CDBE5F000',
      protectedResponse: '871101D8059A9CF835105082CA2B1837E4AEC0990290008E08B36DB56761D706BB9000',
      decryptedResponseData: '60185F01',
      statusWord: '9000',
    },
    {
      name: 'READ BINARY 22 bytes at offset 4',
      unprotectedCommand: '00B0000416',
      protectedCommand: '0CB000040D9701168E0811F7EFC907D1F27400',
      protectedResponse:
        '87210142E919C115FAF69350B01813D77A9E8D91912A7F717AFD073F199070E61B79C6990290008E083382E3D983F441369000',
      decryptedResponseData: '04303130385F36063034303030305C06617563766D6E',
      statusWord: '9000',
    },
  ],
};

export const TRACES = [D4, AA_INTERNAL_AUTHENTICATE, GMRTD_AES256];
