// Which files a check-in reads, in what order (9303-10 §4.6/4.7): EF.COM, EF.SOD, DG1 (MRZ), DG13 (Vietnamese
// personal data), then DG14/DG15 when present (chip and active authentication), and DG2 last: the portrait is
// the largest file, and the UI shows its progress while the person is already looking at the camera.
import type { ApduSender } from '../channel.ts';
import { EmrtdError, StatusWordError } from '../errors.ts';
import { fileByName, type LdsFileName } from '../lds/files.ts';
import { parseCom } from '../lds/com.ts';
import { readTlvHeader } from '../tlv.ts';
import { FileReader, type FileReaderOptions, type ReadProgress } from './file-reader.ts';
import type { ChunkMode } from './chunking.ts';

export const CHECKIN_FILES: readonly LdsFileName[] = ['COM', 'SOD', 'DG1', 'DG13', 'DG14', 'DG15', 'DG2'];

export interface PlanOptions extends FileReaderOptions {
  files?: readonly LdsFileName[];
  /** Bytes of files read earlier from the same chip (resume after the card came back). */
  resume?: ReadonlyMap<LdsFileName, Uint8Array>;
  onFileDone?: (file: LdsFileName, bytes: Uint8Array) => void;
}

export interface PlanResult {
  files: Map<LdsFileName, Uint8Array>;
  /** Files the chip does not have (6A82) or not listed in EF.COM. */
  absent: LdsFileName[];
  /** Files the chip refused (6982: e.g. DG3 fingerprints without EAC). */
  denied: LdsFileName[];
  chunkMode: ChunkMode;
}

export type { ReadProgress };

export async function readPlan(sender: ApduSender, opts: PlanOptions = {}): Promise<PlanResult> {
  const wanted = opts.files ?? CHECKIN_FILES;
  const reader = new FileReader(sender, opts);
  const files = new Map<LdsFileName, Uint8Array>();
  const absent: LdsFileName[] = [];
  const denied: LdsFileName[] = [];
  let listed: Set<LdsFileName> | null = null;

  for (const name of wanted) {
    if (listed && name !== 'COM' && name !== 'SOD' && name !== 'CardAccess' && !listed.has(name)) {
      absent.push(name);
      continue;
    }
    const done = opts.resume?.get(name);
    const info = fileByName(name);
    let bytes: Uint8Array;
    try {
      bytes = done && isComplete(done) ? done : await reader.readFile(info, done);
    } catch (e) {
      if (e instanceof StatusWordError && e.sw === 0x6a82) {
        absent.push(name);
        continue;
      }
      if (e instanceof StatusWordError && e.sw === 0x6982) {
        denied.push(name);
        continue;
      }
      throw e;
    }
    files.set(name, bytes);
    opts.onFileDone?.(name, bytes);
    if (name === 'COM') listed = new Set(parseCom(bytes).dataGroups);
  }
  if (!files.has('DG1') && wanted.includes('DG1')) throw new EmrtdError('LDS_MALFORMED', 'the chip has no DG1 (MRZ)');
  return { files, absent, denied, chunkMode: reader.chunkMode };
}

function isComplete(bytes: Uint8Array): boolean {
  try {
    const h = readTlvHeader(bytes, 0);
    return bytes.length >= h.headerLength + h.valueLength;
  } catch {
    return false;
  }
}
