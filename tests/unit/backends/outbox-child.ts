// A kiosk process for the crash test (run with `node --import tsx`): `submit` opens the outbox and submits
// one hospital visit (the parent kills it with SIGKILL while the answer is outstanding); `resume` opens the
// same outbox like a restarted kiosk, lets the background loop deliver, and prints the counts as JSON.
import { BackendService } from '../../../electron/backends/backend-service.ts';
import { loadBackendConfig } from '../../../electron/config/backend-config.ts';
import { CITIZENS, demoCard } from './card-fixtures.ts';
import { VERIFIED } from './harness.ts';

const [mode, configPath, requestId] = process.argv.slice(2);
const config = loadBackendConfig(configPath);

if (mode === 'submit') {
  const service = await BackendService.open({ config, startWorker: false });
  process.stdout.write('enqueuing\n');
  const r = await service.submitHospitalVisit({ card: demoCard(CITIZENS.an), visitType: 'kham-benh', verification: VERIFIED, requestId });
  process.stdout.write(`unexpected answer ${r.status}\n`); // the parent kills us before this
  await service.close();
} else if (mode === 'resume') {
  const service = await BackendService.open({ config });
  const deadline = Date.now() + 15_000;
  while (service.outboxCounts().pending.count > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  process.stdout.write(JSON.stringify(service.outboxCounts()) + '\n');
  await service.close();
}
