// The MRZ module's public surface.
export { checkDigit } from './check-digit.ts';
export type { Mrz, MrzChecks, MrzFormat, MrzSex } from './types.ts';
export { parseMrz } from './parse.ts';
export type { ParseMrzOptions } from './parse.ts';
export { mrzDateToIso, isoToMrzDate, NO_EXPIRY } from './dates.ts';
export { mrzInformation, mrzInformationFrom } from './mrz-info.ts';
export { buildTd1Mrz, buildTd3Mrz } from './build.ts';
export type { Td1VnFields, Td3Fields } from './build.ts';
export { documentNumberFromIdNumber } from './cccd-layout.ts';
