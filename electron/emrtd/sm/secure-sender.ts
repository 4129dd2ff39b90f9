// An ApduSender that wraps every command in secure messaging (9303-11 §9.8) over an inner sender.
// A response whose MAC fails, or that is not a secure-messaging response, ends the session for good: the
// keys are wiped and every later send throws, so nothing read after a forged response is trusted.
// A transport failure also ends it, because the send sequence counters can no longer be in step.
import type { CommandApdu, ResponseApdu } from '../apdu.ts';
import type { ApduSender } from '../channel.ts';
import { EmrtdError, type EmrtdErrorCode } from '../errors.ts';
import type { SecureMessaging } from './secure-messaging.ts';

export class SecureSender implements ApduSender {
  readonly sm: SecureMessaging;
  readonly #inner: ApduSender;
  #endedBy: EmrtdErrorCode | undefined;
  /** Exchanges run one at a time: the SSC orders commands and responses strictly. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(inner: ApduSender, sm: SecureMessaging) {
    this.#inner = inner;
    this.sm = sm;
  }

  get ended(): boolean {
    return this.#endedBy !== undefined;
  }

  send(cmd: CommandApdu): Promise<ResponseApdu> {
    const run = this.#queue.then(() => this.#exchange(cmd));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** End the session deliberately (visit over, card done): wipes the keys. */
  end(): void {
    this.#end('SM_MAC_INVALID');
  }

  async #exchange(cmd: CommandApdu): Promise<ResponseApdu> {
    if (this.#endedBy) throw new EmrtdError(this.#endedBy, 'secure messaging session has ended');
    const wrapped = this.sm.protectCommand(cmd);
    let resp: ResponseApdu;
    try {
      resp = await this.#inner.send(wrapped);
    } catch (e) {
      this.#end(e instanceof EmrtdError ? e.code : 'CARD_REMOVED');
      throw e;
    }
    try {
      return this.sm.unprotectResponse(resp);
    } catch (e) {
      if (e instanceof EmrtdError && (e.code === 'SM_MAC_INVALID' || e.code === 'SM_MALFORMED')) this.#end(e.code);
      throw e;
    }
  }

  #end(code: EmrtdErrorCode): void {
    if (this.#endedBy) return;
    this.#endedBy = code;
    this.sm.wipe();
  }
}
