import { createServer, type Server, type Socket } from 'node:net';
import type { Admin } from 'kafkajs';
import { testKafkaBrokers } from '@ledgerline/testing';
import { BrokerProbe } from './broker-probe';

describe('BrokerProbe (real broker)', () => {
  it('answers ready for a broker that answers, and reuses its answer within the interval', async () => {
    const probe = new BrokerProbe({ brokers: testKafkaBrokers(), clientId: 'probe-test', intervalMs: 60_000 });
    try {
      expect(await probe.check()).toEqual({ ready: true });
      const describeCluster = jest.spyOn((probe as unknown as { admin: Admin }).admin, 'describeCluster');
      expect(await probe.check()).toEqual({ ready: true });
      expect(describeCluster).not.toHaveBeenCalled();
    } finally {
      await probe.close();
    }
  });

  it('stays ready while one listed broker refuses connections, whichever it tries first', async () => {
    // A closed port: what a killed broker of a cluster looks like to a client.
    const closed: Server = createServer();
    await new Promise<void>((listening) => closed.listen(0, '127.0.0.1', listening));
    const deadBroker = `127.0.0.1:${(closed.address() as { port: number }).port}`;
    await new Promise((done) => closed.close(done));
    for (const brokers of [[deadBroker, ...testKafkaBrokers()], [...testKafkaBrokers(), deadBroker]]) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const probe = new BrokerProbe({ brokers, clientId: 'probe-test', intervalMs: 0 });
        try {
          expect(await probe.check()).toEqual({ ready: true });
        } finally {
          await probe.close();
        }
      }
    }
  });

  it('answers not ready within its timeout when nothing answers at the address', async () => {
    // A port that accepts connections and never speaks Kafka: the worst case, a hung broker.
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((listening) => silent.listen(0, '127.0.0.1', listening));
    const port = (silent.address() as { port: number }).port;
    const probe = new BrokerProbe({ brokers: [`127.0.0.1:${port}`], clientId: 'probe-test', timeoutMs: 500 });
    try {
      const started = Date.now();
      const result = await probe.check();
      expect(result.ready).toBe(false);
      expect(result.detail).toMatch(/Kafka unreachable/);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await probe.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((closed) => silent.close(closed));
    }
  });
});
