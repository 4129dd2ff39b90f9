// Elementary files of the eMRTD application: file identifiers, short file identifiers and outer tags
// (9303-10 §4.6.1 Table 39, 9303-11 §9.2 for EF.CardAccess in the master file).

export type LdsFileName =
  | 'COM' | 'SOD' | 'CardAccess'
  | 'DG1' | 'DG2' | 'DG3' | 'DG4' | 'DG5' | 'DG6' | 'DG7' | 'DG8'
  | 'DG9' | 'DG10' | 'DG11' | 'DG12' | 'DG13' | 'DG14' | 'DG15' | 'DG16';

export interface LdsFileInfo {
  name: LdsFileName;
  fid: number;
  sfi: number;
  /** Outer BER tag of the file's content (CardAccess is a bare SET, tag 31). */
  tag: number;
  /** Data-group number (1–16) or undefined for COM, SOD, CardAccess. */
  dg?: number;
}

const DG_TAGS = [0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70];

export const LDS_FILES: readonly LdsFileInfo[] = [
  { name: 'COM', fid: 0x011e, sfi: 0x1e, tag: 0x60 },
  { name: 'SOD', fid: 0x011d, sfi: 0x1d, tag: 0x77 },
  { name: 'CardAccess', fid: 0x011c, sfi: 0x1c, tag: 0x31 },
  ...DG_TAGS.map((tag, i) => ({
    name: `DG${i + 1}` as LdsFileName,
    fid: 0x0101 + i,
    sfi: 0x01 + i,
    tag,
    dg: i + 1,
  })),
];

/** The eMRTD LDS1 application identifier (9303-10 §4.2). */
export const EMRTD_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);

export function fileByName(name: LdsFileName): LdsFileInfo {
  const f = LDS_FILES.find((x) => x.name === name);
  if (!f) throw new RangeError(`unknown LDS file ${name}`);
  return f;
}

export function fileByFid(fid: number): LdsFileInfo | undefined {
  return LDS_FILES.find((x) => x.fid === fid);
}

export function fileBySfi(sfi: number): LdsFileInfo | undefined {
  return LDS_FILES.find((x) => x.sfi === sfi);
}

export function fileByTag(tag: number): LdsFileInfo | undefined {
  return LDS_FILES.find((x) => x.tag === tag && x.name !== 'CardAccess');
}

export function fileByDg(dg: number): LdsFileInfo | undefined {
  return LDS_FILES.find((x) => x.dg === dg);
}
