// Worker bootstrap: a fresh worker thread does not inherit the TypeScript loader the CLI and tests run under,
// so register tsx here, then load the worker. A bundled build points `workerUrl` at its compiled worker instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
