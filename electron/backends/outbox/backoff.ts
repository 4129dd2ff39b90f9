// Retry delays: exponential from `initialMs` by `factor`, capped at `maxMs`, with "equal jitter" (half fixed,
// half random) so kiosks that lost the same backend do not all come back in the same millisecond.
import type { BackoffConfig } from '../../config/backend-config.ts';

export function backoffDelay(attempts: number, config: BackoffConfig, random: () => number = Math.random): number {
  const exp = Math.min(config.maxMs, config.initialMs * config.factor ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}
