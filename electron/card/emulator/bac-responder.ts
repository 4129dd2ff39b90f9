// The software chip's side of Basic Access Control (9303-11 §4.3.4): answers GET CHALLENGE and
// EXTERNAL AUTHENTICATE and, on success, opens the chip end of the 3DES secure-messaging session.
import { concat, equal, wipe } from '../../emrtd/bytes.ts';
import { randomBytes } from '../../emrtd/crypto/random.ts';
import { bacCryptogram, deriveBacKeys, deriveBacSessionKeys, openBacCryptogram } from '../../emrtd/access/bac.ts';
import { tdesSmCipher } from '../../emrtd/sm/cipher.ts';
import { SecureMessaging } from '../../emrtd/sm/secure-messaging.ts';

export class BacResponder {
  readonly #kEnc: Uint8Array;
  readonly #kMac: Uint8Array;
  readonly #rng: (n: number) => Uint8Array;
  #rndIc: Uint8Array | undefined;

  /** `rng` is asked for RND.IC (8 bytes) at each challenge and K.IC (16 bytes) at each authentication. */
  constructor(mrzInformation: string, rng: (n: number) => Uint8Array = randomBytes) {
    const { kSeed, kEnc, kMac } = deriveBacKeys(mrzInformation);
    wipe(kSeed);
    this.#kEnc = kEnc;
    this.#kMac = kMac;
    this.#rng = rng;
  }

  /** RND.IC for GET CHALLENGE; a new one each call, and each may be used by one EXTERNAL AUTHENTICATE only. */
  getChallenge(): Uint8Array {
    const rnd = this.#rng(8).slice();
    if (rnd.length !== 8) throw new RangeError('BacResponder: rng returned the wrong number of bytes');
    this.#rndIc = rnd;
    return rnd.slice();
  }

  /**
   * Check E.IFD ‖ M.IFD against the last challenge and answer E.IC ‖ M.IC with the chip's session.
   * Null means authentication failed (no or used challenge, bad MAC, wrong RND.IC): the chip answers 6300.
   */
  externalAuthenticate(data: Uint8Array): { response: Uint8Array; sm: SecureMessaging } | null {
    const rndIc = this.#rndIc;
    this.#rndIc = undefined; // single use, whatever the outcome
    if (!rndIc) return null;
    const s = openBacCryptogram(this.#kEnc, this.#kMac, data);
    if (!s) return null;
    try {
      // S = RND.IFD ‖ RND.IC ‖ K.IFD (§4.3.4.2)
      if (!equal(s.subarray(8, 16), rndIc)) return null;
      const rndIfd = s.slice(0, 8);
      const kIfd = s.slice(16, 32);
      const kIc = this.#rng(16).slice();
      if (kIc.length !== 16) throw new RangeError('BacResponder: rng returned the wrong number of bytes');
      const r = concat(rndIc, rndIfd, kIc);
      const response = bacCryptogram(this.#kEnc, this.#kMac, r);
      const ks = deriveBacSessionKeys(kIfd, kIc, rndIc, rndIfd);
      const sm = new SecureMessaging(tdesSmCipher(ks.ksEnc, ks.ksMac), ks.ssc);
      wipe(kIfd, kIc, r, ks.ksEnc, ks.ksMac);
      return { response, sm };
    } finally {
      wipe(s);
    }
  }

  /** Forget the document basic access keys (the emulated card is removed). */
  wipe(): void {
    wipe(this.#kEnc, this.#kMac, this.#rndIc);
    this.#rndIc = undefined;
  }
}
