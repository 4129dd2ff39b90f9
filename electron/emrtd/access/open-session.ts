// Access control for a read (9303-11 §4): read EF.CardAccess; when the chip offers PACE, try PACE-CAN with each
// CAN, then PACE-MRZ with each MRZ key; a chip without EF.CardAccess, or one that refuses MSE:Set AT, gets BAC.
// Each rejected key costs one mutual authentication; the number of attempts is bounded because chips may slow
// down or lock. After PACE the eMRTD application is selected under secure messaging, before BAC in plain.
import { SW_OK } from '../apdu.ts';
import type { ApduSender } from '../channel.ts';
import { EmrtdError, StatusWordError } from '../errors.ts';
import { EMRTD_AID } from '../lds/files.ts';
import { SecureSender } from '../sm/secure-sender.ts';
import type { AccessKey } from './access-key.ts';
import { performBac } from './bac.ts';
import { PaceRefusedError, performPace } from './pace.ts';
import { paceOfCardAccess, readCardAccess } from './pace-card-access.ts';
import type { Rng } from './pace-group.ts';
import type { PaceInfo } from './pace-info.ts';

export type AccessProtocol = 'BAC' | 'PACE-MRZ' | 'PACE-CAN';

export interface AccessResult {
  sender: SecureSender;
  protocol: AccessProtocol;
  attempts: number;
  key: AccessKey;
  /** EF.CardAccess as read, when the chip has one. */
  cardAccess?: Uint8Array;
  /** The PACEInfo that opened the session (PACE only). */
  pace?: PaceInfo;
}

export interface OpenSessionOptions {
  /** Random source for the terminal's BAC/PACE secrets (tests inject fixed values). */
  rng?: Rng;
}

export const MAX_ACCESS_ATTEMPTS = 5;

/** SELECT the LDS1 application by AID (9303-10 §4.2); no Le, P2 0C. Never SELECT MF (CCCD answers 6D00). */
export async function selectApplication(sender: ApduSender): Promise<void> {
  const resp = await sender.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID });
  if (resp.sw !== SW_OK) throw new StatusWordError(resp.sw, 'SELECT eMRTD application');
}

type MrzKey = Extract<AccessKey, { kind: 'mrz' }>;

export async function openSession(plain: ApduSender, keys: AccessKey[], opts: OpenSessionOptions = {}): Promise<AccessResult> {
  if (keys.length === 0) throw new EmrtdError('INPUT_INVALID', 'no access key: give the MRZ data or the CAN');
  const mrzKeys = keys.filter((k): k is MrzKey => k.kind === 'mrz');
  const canKeys = keys.filter((k) => k.kind === 'can');
  let attempts = 0;
  let last: EmrtdError | undefined;
  const deniedByPace = new Set<AccessKey>();

  const cardAccess = await readCardAccess(plain);
  const pace = cardAccess ? paceOfCardAccess(cardAccess) : undefined;
  if (pace?.chosen) {
    const info = pace.chosen;
    const sendParameterId = pace.all.length > 1;
    for (const key of [...canKeys, ...mrzKeys]) {
      if (attempts >= MAX_ACCESS_ATTEMPTS) break;
      attempts++;
      try {
        const { sm, protocol } = await performPace(plain, key, info, { rng: opts.rng, sendParameterId });
        const sender = new SecureSender(plain, sm);
        await selectApplication(sender);
        return { sender, protocol, attempts, key, cardAccess, pace: info };
      } catch (e) {
        if (e instanceof PaceRefusedError) {
          attempts--; // refused before any password was tried
          break;
        }
        if (e instanceof EmrtdError && e.code === 'ACCESS_DENIED') {
          last = e;
          deniedByPace.add(key);
          continue;
        }
        throw e;
      }
    }
  }

  // BAC (§4.3) with the MRZ keys PACE did not already reject: the chip would refuse those again.
  const bacKeys = mrzKeys.filter((k) => !deniedByPace.has(k));
  if (bacKeys.length === 0 || attempts >= MAX_ACCESS_ATTEMPTS) {
    if (last) throw new EmrtdError('ACCESS_DENIED', `the chip rejected ${attempts} access key(s)`, { cause: last });
    throw new EmrtdError('INPUT_INVALID', 'no MRZ-derived access key: BAC needs document number, birth and expiry dates');
  }
  await selectApplication(plain);
  for (const key of bacKeys) {
    if (attempts >= MAX_ACCESS_ATTEMPTS) break;
    attempts++;
    try {
      const sm = await performBac(plain, key.mrzInformation, opts.rng);
      return { sender: new SecureSender(plain, sm), protocol: 'BAC', attempts, key, ...(cardAccess ? { cardAccess } : {}) };
    } catch (e) {
      if (e instanceof EmrtdError && e.code === 'ACCESS_DENIED') {
        last = e;
        continue;
      }
      throw e;
    }
  }
  throw new EmrtdError('ACCESS_DENIED', `the chip rejected ${attempts} access key(s)`, { cause: last });
}
