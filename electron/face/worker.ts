// The face engine's worker thread: owns one FaceCore and answers the client's requests one at a time, so
// inference never blocks the main process. Errors go back as { code, message } — never image data.
import { parentPort, workerData } from 'node:worker_threads';
import { FaceCore } from './core.ts';
import { toFaceError } from './errors.ts';
import type { Ops, Reply, Request, WorkerData, WorkerMemory } from './protocol.ts';

if (!parentPort) throw new Error('worker.ts must run as a worker thread');
const port = parentPort;
const core = new FaceCore((workerData as WorkerData | undefined)?.options ?? {});

function memory(): WorkerMemory {
  const mem = process.memoryUsage();
  return { rss: mem.rss, heapUsed: mem.heapUsed, ...core.memory() };
}

type Handlers = { [K in keyof Ops]: (...args: Ops[K]['args']) => Promise<Ops[K]['result']> | Ops[K]['result'] };

const handlers: Handlers = {
  warmup: () => core.warmup(),
  info: () => core.info(),
  setPortrait: (bytes) => core.setPortrait(bytes),
  analyzeFrame: async (frame, opts) => {
    try {
      return await core.analyzeFrame(frame, opts);
    } finally {
      // The transferred copy of the frame is this thread's: zero it once analysed.
      if (frame.kind === 'jpeg') frame.bytes.fill(0);
      else frame.data.fill(0);
    }
  },
  startLiveness: (steps, at) => core.startLiveness(steps, at),
  livenessStatus: () => core.livenessStatus(),
  decide: (opts) => core.decide(opts),
  endVisit: () => {
    core.endVisit();
    return null;
  },
  memory: () => memory(),
};

// One request at a time, in arrival order: the core holds per-visit state and the nets are not re-entrant.
let queue: Promise<void> = Promise.resolve();

port.on('message', (req: Request) => {
  queue = queue.then(async () => {
    let reply: Reply;
    try {
      const handler = handlers[req.op] as (...args: unknown[]) => unknown;
      if (typeof handler !== 'function') throw new Error(`unknown op ${String(req.op)}`);
      reply = { id: req.id, ok: true, result: await handler(...(req.args as unknown[])) };
    } catch (err) {
      const fe = toFaceError(err);
      reply = { id: req.id, ok: false, code: fe.code, message: fe.message };
    }
    if (req.op === 'setPortrait') (req.args[0] as Uint8Array).fill(0);
    port.postMessage(reply);
  });
});
