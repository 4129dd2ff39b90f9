// PACE, terminal side (9303-11 §4.4, worked examples in Appendix G): MSE:Set AT, then four chained GENERAL
// AUTHENTICATE steps — encrypted nonce, Generic Mapping, ephemeral key agreement, mutual authentication tokens
// — and secure messaging restarted with the new session keys. A chip that refuses MSE:Set AT is reported with
// PaceRefusedError (the caller falls back to BAC); a wrong password is ACCESS_DENIED.
import { SW_OK, expectOk } from '../apdu.ts';
import { equal, wipe } from '../bytes.ts';
import type { ApduSender } from '../channel.ts';
import { randomBytes } from '../crypto/random.ts';
import { EmrtdError, StatusWordError } from '../errors.ts';
import type { SecureMessaging } from '../sm/secure-messaging.ts';
import { encodeTlv } from '../tlv.ts';
import type { AccessKey } from './access-key.ts';
import {
  authenticationToken,
  decryptNonce,
  pacePassword,
  paceSecureMessaging,
  paceSessionKeys,
  passwordKey,
  passwordReference,
} from './pace-crypto.ts';
import { paceGroup, type Rng } from './pace-group.ts';
import { isSupportedPaceInfo, type PaceInfo } from './pace-info.ts';
import {
  DO_ENCRYPTED_NONCE,
  DO_EPHEMERAL_IC,
  DO_EPHEMERAL_PCD,
  DO_MAPPING_IC,
  DO_MAPPING_PCD,
  DO_TOKEN_IC,
  DO_TOKEN_PCD,
  PACE_REFUSED_SW,
  expectDynamicObject,
  generalAuthenticateCommand,
  mseSetAtCommand,
} from './pace-messages.ts';
import { standardDomain } from './pace-params.ts';

export interface PaceOptions {
  /** Source of the terminal's private keys (mapping first, then ephemeral); injectable for worked examples. */
  rng?: Rng;
  /** Send DO'84' with the parameter id: needed when EF.CardAccess lists several PACEInfos. */
  sendParameterId?: boolean;
}

export interface PaceResult {
  sm: SecureMessaging;
  protocol: 'PACE-MRZ' | 'PACE-CAN';
  info: PaceInfo;
}

/** The chip does not run PACE this way (MSE:Set AT or the first step refused): use BAC instead. */
export class PaceRefusedError extends EmrtdError {
  readonly sw: number;
  constructor(sw: number, step: string) {
    super('UNSUPPORTED', `PACE: the chip refused ${step} (${sw.toString(16).toUpperCase().padStart(4, '0')})`, {
      cause: new StatusWordError(sw, step),
    });
    this.name = 'PaceRefusedError';
    this.sw = sw;
  }
}

/** MSE:Set AT answers 9000, or 63Cx with x > 0 tries left (a counter some chips keep for the CAN). */
function mseAccepted(sw: number): boolean {
  return sw === SW_OK || ((sw & 0xfff0) === 0x63c0 && (sw & 0x0f) > 0);
}

export async function performPace(sender: ApduSender, key: AccessKey, info: PaceInfo, opts: PaceOptions = {}): Promise<PaceResult> {
  if (!isSupportedPaceInfo(info) || info.parameterId === undefined) {
    throw new EmrtdError('UNSUPPORTED', `PACE: ${info.protocol} with parameter id ${String(info.parameterId)} is not supported`);
  }
  const rng = opts.rng ?? randomBytes;
  const cipher = info.suite.cipher;
  const base = paceGroup(standardDomain(info.parameterId));
  const secrets: Uint8Array[] = [];
  try {
    const password = pacePassword(key);
    const kPi = passwordKey(password, cipher);
    secrets.push(password, kPi);

    // §4.4.4.1 MSE:Set AT selects the protocol, the password and (if ambiguous) the domain parameters.
    const mse = await sender.send(
      mseSetAtCommand({
        protocol: info.protocol,
        passwordReference: passwordReference(key),
        parameterId: opts.sendParameterId ? info.parameterId : undefined,
      }),
    );
    if (PACE_REFUSED_SW.includes(mse.sw)) throw new PaceRefusedError(mse.sw, 'MSE:Set AT');
    if (!mseAccepted(mse.sw)) throw new StatusWordError(mse.sw, 'PACE MSE:Set AT');

    // Step 1: the chip's nonce s, encrypted with K_pi.
    const r1 = await sender.send(generalAuthenticateCommand(new Uint8Array(0), false));
    if (PACE_REFUSED_SW.includes(r1.sw)) throw new PaceRefusedError(r1.sw, 'GENERAL AUTHENTICATE (nonce)');
    const z = expectDynamicObject(expectOk(r1, 'PACE GENERAL AUTHENTICATE (nonce)'), DO_ENCRYPTED_NONCE, 'PACE nonce');
    const s = decryptNonce(kPi, z, cipher);
    secrets.push(s);

    // Step 2: Generic Mapping — exchange mapping keys, map s to a new generator (§4.4.3.3.1).
    const skMap = base.generatePrivateKey(rng);
    const pkMap = base.publicKey(skMap);
    const r2 = await sender.send(generalAuthenticateCommand(encodeTlv(DO_MAPPING_PCD, pkMap), false));
    const pkMapIc = expectDynamicObject(expectOk(r2, 'PACE GENERAL AUTHENTICATE (mapping)'), DO_MAPPING_IC, 'PACE mapping');
    if (equal(pkMapIc, pkMap)) throw new EmrtdError('ACCESS_DENIED', 'PACE: the chip echoed the terminal mapping key');
    const mapped = base.genericMapping(s, skMap, pkMapIc);

    // Step 3: ephemeral key agreement on the mapped generator (§4.4.3.4); PK_IC ≠ PK_PCD is mandatory.
    const skEph = mapped.generatePrivateKey(rng);
    const pkEph = mapped.publicKey(skEph);
    const r3 = await sender.send(generalAuthenticateCommand(encodeTlv(DO_EPHEMERAL_PCD, pkEph), false));
    const pkEphIc = expectDynamicObject(expectOk(r3, 'PACE GENERAL AUTHENTICATE (key agreement)'), DO_EPHEMERAL_IC, 'PACE key agreement');
    if (equal(pkEphIc, pkEph)) throw new EmrtdError('ACCESS_DENIED', 'PACE: the chip echoed the terminal ephemeral key');
    const k = mapped.sharedSecret(skEph, pkEphIc);
    const keys = paceSessionKeys(k, cipher);
    secrets.push(k, keys.ksEnc, keys.ksMac);

    // Step 4: mutual authentication (§4.4.3.5): T_PCD over the chip's key, T_IC over ours. The last command of the chain.
    const tPcd = authenticationToken(keys.ksMac, cipher, info.protocol, mapped.publicKeyTag, pkEphIc);
    const r4 = await sender.send(generalAuthenticateCommand(encodeTlv(DO_TOKEN_PCD, tPcd), true));
    if (r4.sw !== SW_OK) {
      throw new EmrtdError('ACCESS_DENIED', 'PACE: the chip rejected the authentication token (wrong access key?)', {
        cause: new StatusWordError(r4.sw, 'PACE GENERAL AUTHENTICATE (tokens)'),
      });
    }
    const tIc = expectDynamicObject(r4.data, DO_TOKEN_IC, 'PACE tokens');
    const expected = authenticationToken(keys.ksMac, cipher, info.protocol, mapped.publicKeyTag, pkEph);
    if (!equal(tIc, expected)) throw new EmrtdError('ACCESS_DENIED', 'PACE: the chip token does not verify');

    // §9.8.6.3: secure messaging restarts with KSenc/KSmac and SSC = 0.
    return { sm: paceSecureMessaging(keys, cipher), protocol: key.kind === 'can' ? 'PACE-CAN' : 'PACE-MRZ', info };
  } finally {
    wipe(...secrets);
  }
}
