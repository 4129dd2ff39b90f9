// The software chip's side of PACE with Generic Mapping (9303-11 §4.4): MSE:Set AT against the PACEInfos of its
// EF.CardAccess and the MRZ or CAN password, then the four GENERAL AUTHENTICATE steps, ending — when the
// terminal's token verifies — in the chip end of the new secure-messaging session. Any failure forgets the run:
// the terminal starts again with MSE:Set AT.
import type { CommandApdu, ResponseApdu } from '../../emrtd/apdu.ts';
import { ascii, equal, wipe } from '../../emrtd/bytes.ts';
import { randomBytes } from '../../emrtd/crypto/random.ts';
import type { KdfAlgorithm } from '../../emrtd/crypto/kdf.ts';
import { EmrtdError } from '../../emrtd/errors.ts';
import { parseSecurityInfos } from '../../emrtd/lds/dg14.ts';
import type { SecureMessaging } from '../../emrtd/sm/secure-messaging.ts';
import {
  authenticationToken,
  blockSize,
  encryptNonce,
  mrzPassword,
  paceSecureMessaging,
  paceSessionKeys,
  passwordKey,
  PASSWORD_CAN,
  PASSWORD_MRZ,
} from '../../emrtd/access/pace-crypto.ts';
import { paceGroup, type PaceGroup, type Rng } from '../../emrtd/access/pace-group.ts';
import { isSupportedPaceInfo, paceInfosOf, type PaceInfo } from '../../emrtd/access/pace-info.ts';
import {
  DO_ENCRYPTED_NONCE,
  DO_EPHEMERAL_IC,
  DO_EPHEMERAL_PCD,
  DO_MAPPING_IC,
  DO_MAPPING_PCD,
  DO_TOKEN_IC,
  DO_TOKEN_PCD,
  dynamicAuthData,
  parseDynamicAuthData,
  parseMseSetAt,
} from '../../emrtd/access/pace-messages.ts';
import { standardDomain } from '../../emrtd/access/pace-params.ts';

export interface PacePasswords {
  mrzInformation: string;
  can?: string;
}

const SW = {
  OK: 0x9000,
  AUTH_FAILED: 0x6300,
  CHAIN_LAST_EXPECTED: 0x6883,
  SECURITY: 0x6982,
  CONDITIONS: 0x6985,
  WRONG_DATA: 0x6a80,
  REF_NOT_FOUND: 0x6a88,
} as const;

interface Run {
  info: PaceInfo;
  cipher: KdfAlgorithm;
  kPi: Uint8Array;
  step: 'nonce' | 'map' | 'agree' | 'tokens';
  nonce?: Uint8Array;
  group?: PaceGroup;
  mapped?: PaceGroup;
  pkEph?: Uint8Array;
  pkEphPcd?: Uint8Array;
  ksEnc?: Uint8Array;
  ksMac?: Uint8Array;
}

function sw(code: number, data: Uint8Array = new Uint8Array(0)): ResponseApdu {
  return { data, sw: code };
}

export class PaceResponder {
  readonly #infos: PaceInfo[];
  readonly #passwords: PacePasswords;
  readonly #rng: Rng;
  #run: Run | undefined;

  /** `rng` gives the nonce s, then the chip's mapping and ephemeral private keys (in that order). */
  constructor(cardAccess: Uint8Array, passwords: PacePasswords, rng: Rng = randomBytes) {
    let infos: PaceInfo[] = [];
    try {
      infos = paceInfosOf(parseSecurityInfos(cardAccess));
    } catch (e) {
      if (!(e instanceof EmrtdError)) throw e; // an unreadable EF.CardAccess: this chip then refuses every MSE
    }
    this.#infos = infos;
    this.#passwords = passwords;
    this.#rng = rng;
  }

  /** A run is under way: GENERAL AUTHENTICATE belongs to PACE. */
  get inProgress(): boolean {
    return this.#run !== undefined;
  }

  /** MSE:Set AT (P1P2 C1A4): choose the PACEInfo and password; 9000 or an error status word. */
  setAt(data: Uint8Array | undefined): number {
    this.reset();
    let m;
    try {
      m = parseMseSetAt(data ?? new Uint8Array(0));
    } catch {
      return SW.WRONG_DATA;
    }
    const candidates = this.#infos.filter((i) => i.protocol === m.protocol);
    const info = m.parameterId === undefined ? (candidates.length === 1 ? candidates[0] : undefined) : candidates.find((i) => i.parameterId === m.parameterId);
    if (!info || !isSupportedPaceInfo(info) || info.parameterId === undefined) return SW.WRONG_DATA;
    let password: Uint8Array;
    if (m.passwordReference === PASSWORD_MRZ) password = mrzPassword(this.#passwords.mrzInformation);
    else if (m.passwordReference === PASSWORD_CAN && this.#passwords.can) password = ascii(this.#passwords.can);
    else return SW.REF_NOT_FOUND;
    const cipher = info.suite.cipher;
    this.#run = { info, cipher, kPi: passwordKey(password, cipher), step: 'nonce', group: paceGroup(standardDomain(info.parameterId)) };
    wipe(password);
    return SW.OK;
  }

  /** One GENERAL AUTHENTICATE step; `sm` is set when the terminal's token verified (the last step). */
  generalAuthenticate(cmd: CommandApdu): { response: ResponseApdu; sm?: SecureMessaging } {
    const run = this.#run;
    if (!run) return { response: sw(SW.CONDITIONS) };
    const last = (cmd.cla & 0x10) === 0;
    if (last !== (run.step === 'tokens')) return this.#fail(SW.CHAIN_LAST_EXPECTED);
    let objects: Map<number, Uint8Array>;
    try {
      objects = parseDynamicAuthData(cmd.data ?? new Uint8Array(0), 'GENERAL AUTHENTICATE');
    } catch {
      return this.#fail(SW.WRONG_DATA);
    }
    try {
      return this.#step(run, objects);
    } catch (e) {
      // An invalid terminal public key (not on the curve, outside the subgroup) ends the run.
      if (e instanceof EmrtdError) return this.#fail(SW.WRONG_DATA);
      throw e;
    }
  }

  #step(run: Run, objects: Map<number, Uint8Array>): { response: ResponseApdu; sm?: SecureMessaging } {
    const group = run.group as PaceGroup;
    switch (run.step) {
      case 'nonce': {
        if (objects.size !== 0) return this.#fail(SW.WRONG_DATA);
        const nonce = this.#rng(blockSize(run.cipher)).slice();
        run.nonce = nonce;
        run.step = 'map';
        return { response: sw(SW.OK, dynamicAuthData([DO_ENCRYPTED_NONCE, encryptNonce(run.kPi, nonce, run.cipher)])) };
      }
      case 'map': {
        const pkPcd = objects.get(DO_MAPPING_PCD);
        if (!pkPcd) return this.#fail(SW.WRONG_DATA);
        group.checkPublicKey(pkPcd);
        const sk = group.generatePrivateKey(this.#rng);
        const pk = group.publicKey(sk);
        run.mapped = group.genericMapping(run.nonce as Uint8Array, sk, pkPcd);
        wipe(run.nonce);
        run.step = 'agree';
        return { response: sw(SW.OK, dynamicAuthData([DO_MAPPING_IC, pk])) };
      }
      case 'agree': {
        const mapped = run.mapped as PaceGroup;
        const pkPcd = objects.get(DO_EPHEMERAL_PCD);
        if (!pkPcd) return this.#fail(SW.WRONG_DATA);
        mapped.checkPublicKey(pkPcd);
        const sk = mapped.generatePrivateKey(this.#rng);
        const pk = mapped.publicKey(sk);
        if (equal(pk, pkPcd)) return this.#fail(SW.WRONG_DATA);
        const k = mapped.sharedSecret(sk, pkPcd);
        const keys = paceSessionKeys(k, run.cipher);
        wipe(k);
        Object.assign(run, { pkEph: pk, pkEphPcd: pkPcd, ksEnc: keys.ksEnc, ksMac: keys.ksMac, step: 'tokens' });
        return { response: sw(SW.OK, dynamicAuthData([DO_EPHEMERAL_IC, pk])) };
      }
      case 'tokens': {
        const mapped = run.mapped as PaceGroup;
        const ksEnc = run.ksEnc as Uint8Array;
        const ksMac = run.ksMac as Uint8Array;
        const tPcd = objects.get(DO_TOKEN_PCD);
        const expected = authenticationToken(ksMac, run.cipher, run.info.protocol, mapped.publicKeyTag, run.pkEph as Uint8Array);
        // A wrong password shows here: the terminal mapped its nonce to another generator (9303-11 §4.4.3.5).
        if (!tPcd || !equal(tPcd, expected)) return this.#fail(SW.AUTH_FAILED);
        const tIc = authenticationToken(ksMac, run.cipher, run.info.protocol, mapped.publicKeyTag, run.pkEphPcd as Uint8Array);
        const sm = paceSecureMessaging({ ksEnc, ksMac }, run.cipher);
        this.reset();
        return { response: sw(SW.OK, dynamicAuthData([DO_TOKEN_IC, tIc])), sm };
      }
    }
  }

  #fail(code: number): { response: ResponseApdu } {
    this.reset();
    return { response: sw(code) };
  }

  /** Forget the run and its keys (failure, success, or the card leaving the field). */
  reset(): void {
    const run = this.#run;
    if (run) wipe(run.kPi, run.nonce, run.ksEnc, run.ksMac);
    this.#run = undefined;
  }
}
