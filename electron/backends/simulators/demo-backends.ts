// The embedded default for demos and `npm start`: both simulators on 127.0.0.1 (ephemeral ports unless
// given) and the endpoint configuration that points the kiosk at them. Never for production: a real
// deployment configures https endpoints of the hospital and the airline.
import type { EndpointConfig } from '../../config/backend-config.ts';
import { AirlineSimulator } from './airline-sim.ts';
import { HospitalSimulator } from './hospital-sim.ts';

export interface DemoBackends {
  hospital: HospitalSimulator;
  airline: AirlineSimulator;
  endpoints: { hospital: EndpointConfig; airport: EndpointConfig };
  stop(): Promise<void>;
}

export async function startDemoBackends(ports: { hospital?: number; airline?: number } = {}): Promise<DemoBackends> {
  const hospital = new HospitalSimulator({ port: ports.hospital });
  const airline = new AirlineSimulator({ port: ports.airline });
  const [h, a] = await Promise.all([hospital.start(), airline.start()]);
  return {
    hospital,
    airline,
    endpoints: {
      hospital: { baseUrl: h, tls: {}, oauth: null, timeoutMs: 5_000 },
      airport: { baseUrl: a, tls: {}, oauth: null, timeoutMs: 5_000 },
    },
    async stop() {
      await Promise.all([hospital.stop(), airline.stop()]);
    },
  };
}
