// Is pcscd there to talk to? libpcsclite's SCardEstablishContext, as @pokusew/pcsclite calls it, retries
// forever on the JavaScript thread while the daemon is missing, so the transport asks first: a connect to the
// daemon's client socket that is refused (or a socket file left by a killed pcscd) means "no service".
import { connect } from 'node:net';

/** The client socket libpcsclite uses (pcsc-lite honours PCSCLITE_CSOCK_NAME). */
export function pcscdSocketPath(): string {
  return process.env.PCSCLITE_CSOCK_NAME || '/run/pcscd/pcscd.comm';
}

/** Resolves true when pcscd accepts a connection on its client socket within `timeoutMs`. */
export function pcscdReachable(timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path: pcscdSocketPath() });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
