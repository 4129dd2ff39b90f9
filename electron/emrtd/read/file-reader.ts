// Reading one elementary file of the eMRTD application (9303-10 §4.5, ISO/IEC 7816-4 §11.2):
// the first chunk by READ BINARY with the short file identifier (it also selects the file), SELECT by FID
// when a chip rejects SFI access, then READ BINARY by offset — odd INS B1 with DO'54' above offset 32767.
// The first chunk's TLV header tells the file's size; every chunk is bounded by a byte and time budget.
import { SW_OK, type CommandApdu, type ResponseApdu } from '../apdu.ts';
import type { ApduSender } from '../channel.ts';
import { concat } from '../bytes.ts';
import { EmrtdError, StatusWordError } from '../errors.ts';
import { encodeTlv, decodeTlv, readTlvHeader } from '../tlv.ts';
import type { LdsFileInfo, LdsFileName } from '../lds/files.ts';
import { chunkBytes, isChunkTooLarge, nextChunkMode, type ChunkMode } from './chunking.ts';

export interface ReadProgress {
  file: LdsFileName;
  bytesRead: number;
  total: number;
}

export interface FileReaderOptions {
  chunkMode?: ChunkMode;
  /** Largest file accepted (a hostile chip may announce megabytes). */
  maxFileBytes?: number;
  /** Absolute time (ms since epoch) after which a read gives up. */
  deadline?: number;
  onProgress?: (p: ReadProgress) => void;
  /** Told when the reader drops to a smaller chunk size (the caller remembers it per ATR). */
  onChunkMode?: (mode: ChunkMode) => void;
}

export const DEFAULT_MAX_FILE_BYTES = 256 * 1024;
const MAX_P1P2_OFFSET = 0x7fff;

/** A read that stopped part-way keeps what it had, so a returning card can resume (see readFile's `resume`). */
export class PartialReadError extends EmrtdError {
  readonly file: LdsFileName;
  readonly bytes: Uint8Array;
  constructor(file: LdsFileName, bytes: Uint8Array, cause: EmrtdError) {
    super(cause.code, `${file}: ${cause.message}`, { cause });
    this.name = 'PartialReadError';
    this.file = file;
    this.bytes = bytes;
  }
}

export class FileReader {
  private mode: ChunkMode;
  private readonly maxFileBytes: number;

  constructor(
    private readonly sender: ApduSender,
    private readonly opts: FileReaderOptions = {},
  ) {
    this.mode = opts.chunkMode ?? 'extended';
    this.maxFileBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  /** The chunk mode in force after any fallbacks (to remember per ATR). */
  get chunkMode(): ChunkMode {
    return this.mode;
  }

  /**
   * Read a whole file. `resume` holds bytes of this file already read from the same chip; reading goes on
   * from their end. Throws StatusWordError 6A82 for an absent file, 6982 for a protected one.
   */
  async readFile(file: LdsFileInfo, resume?: Uint8Array): Promise<Uint8Array> {
    const resuming = !!resume && resume.length > 0;
    const parts: Uint8Array[] = [resuming ? resume : await this.readFirstChunk(file)];
    let got = parts[0].length;
    try {
      const total = this.fileLength(file, parts[0]);
      this.opts.onProgress?.({ file: file.name, bytesRead: Math.min(got, total), total });
      if (resuming && got < total) await this.select(file);
      while (got < total) {
        this.checkDeadline(file);
        const chunk = await this.readChunk(file, got, total - got);
        if (chunk.length === 0) throw new EmrtdError('LDS_MALFORMED', `${file.name}: chip returned no data at offset ${got}`);
        parts.push(chunk);
        got += chunk.length;
        this.opts.onProgress?.({ file: file.name, bytesRead: Math.min(got, total), total });
      }
      return concat(...parts).subarray(0, total);
    } catch (e) {
      if (e instanceof EmrtdError && e.code === 'CARD_REMOVED' && !(e instanceof PartialReadError)) {
        throw new PartialReadError(file.name, concat(...parts), e);
      }
      throw e;
    }
  }

  private fileLength(file: LdsFileInfo, head: Uint8Array): number {
    const h = readTlvHeader(head, 0);
    const total = h.headerLength + h.valueLength;
    if (total > this.maxFileBytes) {
      throw new EmrtdError('READ_BUDGET_EXCEEDED', `${file.name}: announces ${total} bytes, more than the ${this.maxFileBytes} allowed`);
    }
    return total;
  }

  private checkDeadline(file: LdsFileInfo): void {
    if (this.opts.deadline !== undefined && Date.now() > this.opts.deadline) {
      throw new EmrtdError('READ_BUDGET_EXCEEDED', `${file.name}: read took longer than its time budget`);
    }
  }

  /** First chunk through the SFI (implicit selection); SELECT by FID if the chip will not take SFIs. */
  private async readFirstChunk(file: LdsFileInfo): Promise<Uint8Array> {
    let viaSfi = true;
    for (;;) {
      this.checkDeadline(file);
      const le = this.mode === 'extended' ? 65536 : this.mode;
      const cmd: CommandApdu = viaSfi
        ? { cla: 0x00, ins: 0xb0, p1: 0x80 | file.sfi, p2: 0x00, le }
        : { cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le };
      if (!viaSfi) await this.select(file);
      const resp = await this.sender.send(cmd);
      if (resp.sw === SW_OK || (resp.sw === 0x6282 && resp.data.length > 0)) {
        if (resp.data.length < 2) throw new EmrtdError('LDS_MALFORMED', `${file.name}: first chunk too short`);
        return resp.data;
      }
      if (resp.sw === 0x6a82 || resp.sw === 0x6982) throw new StatusWordError(resp.sw, `READ ${file.name}`);
      if (viaSfi && (resp.sw === 0x6a86 || resp.sw === 0x6981 || resp.sw === 0x6b00 || resp.sw === 0x6986)) {
        viaSfi = false; // chip without SFI support: select explicitly, same chunk size
        continue;
      }
      this.downgrade(file, resp);
      viaSfi = false;
    }
  }

  private async select(file: LdsFileInfo): Promise<void> {
    // 9303-11 §9.8 / field note: no Le on SELECT (P2 0C: no FCI).
    const resp = await this.sender.send({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Uint8Array.of(file.fid >> 8, file.fid & 0xff) });
    if (resp.sw !== SW_OK) throw new StatusWordError(resp.sw, `SELECT ${file.name}`);
  }

  private async readChunk(file: LdsFileInfo, offset: number, n: number): Promise<Uint8Array> {
    for (;;) {
      // Above offset 32767 the answer is wrapped in DO'53', whose header must fit in the same chunk.
      const len = Math.min(n, chunkBytes(this.mode) - (offset > MAX_P1P2_OFFSET ? 4 : 0));
      const resp = await this.sender.send(this.readCommand(offset, len));
      if (resp.sw === SW_OK || (resp.sw === 0x6282 && resp.data.length > 0)) {
        return offset > MAX_P1P2_OFFSET ? unwrapDo53(resp.data, file) : resp.data;
      }
      this.downgrade(file, resp);
    }
  }

  private readCommand(offset: number, len: number): CommandApdu {
    const extended = len > 256;
    if (offset <= MAX_P1P2_OFFSET) return { cla: 0x00, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, le: len, extended };
    // ISO/IEC 7816-4 §11.2.3: odd INS B1 carries the offset in DO'54'; the data comes back in DO'53'.
    const off = Uint8Array.of((offset >> 16) & 0xff, (offset >> 8) & 0xff, offset & 0xff);
    // The DO'53' header takes up to 4 bytes of the response.
    return { cla: 0x00, ins: 0xb1, p1: 0x00, p2: 0x00, data: encodeTlv(0x54, off), le: extended ? len + 4 : Math.min(256, len + 4), extended };
  }

  private downgrade(file: LdsFileInfo, resp: ResponseApdu): void {
    const next = isChunkTooLarge(resp.sw, resp.data.length) ? nextChunkMode(this.mode) : null;
    if (!next) throw new StatusWordError(resp.sw, `READ BINARY ${file.name}`);
    this.mode = next;
    this.opts.onChunkMode?.(next);
  }
}

function unwrapDo53(data: Uint8Array, file: LdsFileInfo): Uint8Array {
  const t = decodeTlv(data, 0);
  if (t.tag !== 0x53) throw new EmrtdError('LDS_MALFORMED', `${file.name}: READ BINARY (B1) answer without DO'53'`);
  return t.value;
}
