// Access control for a read: select the eMRTD application, then try the access keys in order until the
// chip accepts one (9303-11 §4: PACE when the chip offers it, else BAC). Each rejected key costs one
// mutual authentication; the number of attempts is bounded because chips may slow down or lock.
import { SW_OK } from '../apdu.ts';
import type { ApduSender } from '../channel.ts';
import { EmrtdError, StatusWordError } from '../errors.ts';
import { EMRTD_AID } from '../lds/files.ts';
import { SecureSender } from '../sm/secure-sender.ts';
import { performBac } from './bac.ts';
import type { AccessKey } from './access-key.ts';

export type AccessProtocol = 'BAC' | 'PACE-MRZ' | 'PACE-CAN';

export interface AccessResult {
  sender: SecureSender;
  protocol: AccessProtocol;
  attempts: number;
  key: AccessKey;
}

export const MAX_ACCESS_ATTEMPTS = 5;

/** SELECT the LDS1 application by AID (9303-10 §4.2); no Le, P2 0C. Never SELECT MF (CCCD answers 6D00). */
export async function selectApplication(sender: ApduSender): Promise<void> {
  const resp = await sender.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID });
  if (resp.sw !== SW_OK) throw new StatusWordError(resp.sw, 'SELECT eMRTD application');
}

export async function openSession(plain: ApduSender, keys: AccessKey[]): Promise<AccessResult> {
  const mrzKeys = keys.filter((k): k is Extract<AccessKey, { kind: 'mrz' }> => k.kind === 'mrz');
  if (mrzKeys.length === 0) throw new EmrtdError('INPUT_INVALID', 'no MRZ-derived access key: BAC needs document number, birth and expiry dates');
  await selectApplication(plain);
  let attempts = 0;
  let last: EmrtdError | undefined;
  for (const key of mrzKeys.slice(0, MAX_ACCESS_ATTEMPTS)) {
    attempts++;
    try {
      const sm = await performBac(plain, key.mrzInformation);
      return { sender: new SecureSender(plain, sm), protocol: 'BAC', attempts, key };
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
