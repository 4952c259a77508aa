import type { Socket } from 'socket.io-client';
import { connectSocket, decodeJwt, getToken, waitForSocketEvent } from '@qingshui/testing';
import { api, startPlatform, type Platform } from './platform';

/**
 * Run in a copy of the repository where `npm run new:service` has just written a service (as
 * test/e2e/generated-service.spec.ts does): starts that service alone with a gateway through
 * startPlatform, uses its routes, socket rooms and health as a client would, and prints what they
 * answered as one JSON line (the spec asserts on it). Everything it starts, it stops and deletes.
 * Usage: node scripts/run-ts.cjs test/support/generated-service.driver.ts <name> <aggregate> <plural>
 */
async function main(): Promise<void> {
  const [name, aggregate, plural] = process.argv.slice(2);
  if (!name || !aggregate || !plural) throw new Error('usage: <name> <aggregate> <plural>');
  const topic = `${name}.${aggregate}.created.v1`;
  const sockets: Socket[] = [];
  let platform: Platform | undefined;
  try {
    platform = await startPlatform({ services: [name], gateways: 1 });
    const url = platform.gateways[0]!.url;
    // A county cadre of 淅川 creates; a cadre of the paired district (朝阳) watches the county's room.
    const creator = await getToken('demo-cadre-county');
    const watcher = await getToken('demo-cadre-beijing');
    const creatorSocket = await connectSocket(url, creator);
    const watcherSocket = await connectSocket(url, watcher);
    sockets.push(creatorSocket, watcherSocket);
    const regionRoom = await watcherSocket.timeout(5000).emitWithAck('subscribe', { room: 'region:xichuan' });
    type Delivered = { actor?: string; payload: Record<string, Record<string, unknown>> };
    // The creator is in its region's room too: the full event is the one with the envelope's actor.
    const full = waitForSocketEvent<Delivered>(creatorSocket, topic, (e) => e.actor !== undefined, 15_000);
    const open = waitForSocketEvent<Delivered>(watcherSocket, topic, () => true, 15_000);

    const created = await api(url, 'POST', `/api/v1/${plural}`, {
      token: creator,
      body: { name: '  样例  ' },
    });
    const id = String(created.body?.id);
    const read = await api(url, 'GET', `/api/v1/${plural}/${id}`, { token: watcher });
    const recordRoom = await watcherSocket
      .timeout(5000)
      .emitWithAck('subscribe', { room: `${aggregate}:${id}` });
    const missingRoom = await watcherSocket
      .timeout(5000)
      .emitWithAck('subscribe', { room: `${aggregate}:no-such-id` });
    const elsewhere = await api(url, 'POST', `/api/v1/${plural}`, {
      token: creator,
      body: { name: '样例', region: 'chaoyang' },
    });
    const invalid = await api(url, 'POST', `/api/v1/${plural}`, {
      token: creator,
      body: { region: 'xichuan' },
    });
    const missing = await api(url, 'GET', `/api/v1/${plural}/no-such-id`, { token: creator });
    const anonymous = await api(url, 'GET', `/api/v1/${plural}/${id}`);
    const docs = await api(url, 'GET', '/api/docs-json');
    const health = await fetch(`${platform.services[name]!.url}/health/ready`);
    const [fullEvent, openEvent] = await Promise.all([full, open]);

    const result = {
      creatorId: decodeJwt(creator)['sub'],
      database: platform.databases[name],
      environment: platform.environment,
      regionRoom,
      created: {
        status: created.status,
        body: created.body,
        location: created.headers.get('location'),
        etag: created.headers.get('etag'),
      },
      read: { status: read.status, body: read.body, etag: read.headers.get('etag') },
      recordRoom,
      missingRoom,
      elsewhere: { status: elsewhere.status, code: elsewhere.body?.code },
      invalid: { status: invalid.status, code: invalid.body?.code, fields: invalid.body?.fields },
      missing: { status: missing.status, code: missing.body?.code },
      anonymous: anonymous.status,
      paths: Object.keys((docs.body?.paths ?? {}) as object).filter((p) => p.includes(`/${plural}`)),
      health: { status: health.status, body: await health.json() },
      fullEvent,
      openEvent,
    };
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  } finally {
    sockets.forEach((socket) => socket.close());
    await platform?.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('generated-service driver failed:', error);
    process.exit(1);
  },
);
