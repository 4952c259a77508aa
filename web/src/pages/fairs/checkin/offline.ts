import { verifyAsync } from '@noble/ed25519';
import { createStore, del, get, set, update } from 'idb-keyval';
import type {
  BatchScanResult,
  DeviceSession,
  FairTicketKey,
  Revocations,
  ScanDirection,
  ScanResult,
  ScanResultKind,
  TicketTokenPayload,
} from '@qingshui/contracts';
import { api, isApiError, request } from '../../../api/client';

// The door's offline kit: the fair's public key and revocation list kept in IndexedDB, tokens
// verified in the browser (Ed25519, @noble/ed25519), scans queued with their nonces and scan
// times, and the queue uploaded to the batch route once the network is back. The server decides
// every scan again, exactly once, by its nonce: a scan admitted offline may come back refused
// (two gates let one ticket in), and the upload says so.

const store = createStore('qingshui-door', 'kit');

export interface QueuedScan {
  token: string;
  nonce: string;
  direction: ScanDirection;
  scannedAt: string;
  /** What the door said offline. */
  local: ScanResultKind;
}
export interface DoorSetup {
  fairId: string;
  listId: string;
  gate: string;
  /** A door device's code, when no one is signed in. */
  deviceCode?: string;
}
const queueKey = (setup: DoorSetup) => `queue:${setup.fairId}:${setup.listId}:${setup.gate}`;

export const newNonce = (): string => crypto.randomUUID().replace(/-/g, '');

function base64url(text: string): Uint8Array {
  const b64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/** A door device's session: it carries the fair's key and revocation list (a device has no account). */
async function deviceKit(fairId: string, deviceCode: string) {
  const { data } = await request<DeviceSession>('POST', `/fairs/${fairId}/device/session`, {
    body: { deviceCode },
  });
  return data;
}

/** The fair's key: fetched when online (through the device's session for a device), else the one kept. */
export async function fairKey(
  fairId: string,
  online: boolean,
  deviceCode?: string,
): Promise<FairTicketKey | undefined> {
  if (online) {
    try {
      const key = deviceCode
        ? (await deviceKit(fairId, deviceCode)).ticketKey
        : await api.get<FairTicketKey>(`/fairs/${fairId}/ticket-key`);
      if (!key) throw new Error('no key in the session');
      await set(`key:${fairId}`, key, store);
      return key;
    } catch {
      /* keep the one we have */
    }
  }
  return get<FairTicketKey>(`key:${fairId}`, store);
}

/** The revocation list: updated since the last one kept, when online and allowed to read it. */
export async function revocations(
  fairId: string,
  online: boolean,
  deviceCode?: string,
): Promise<Revocations | undefined> {
  const kept = await get<Revocations>(`revocations:${fairId}`, store);
  if (!online) return kept;
  try {
    const fresh = deviceCode
      ? (await deviceKit(fairId, deviceCode)).revocations
      : await api.get<Revocations>(`/fairs/${fairId}/revocations`, { since: kept?.seq ?? 0 });
    if (!fresh) return kept;
    const merged: Revocations = {
      ...fresh,
      entries: [
        ...(kept?.entries ?? []).filter((e) => !fresh.entries.some((f) => f.ticketId === e.ticketId)),
        ...fresh.entries,
      ],
    };
    await set(`revocations:${fairId}`, merged, store);
    return merged;
  } catch {
    return kept;
  }
}

/** What a token says, if its signature holds under the fair's key. */
export async function verifyOffline(
  token: string,
  key: FairTicketKey,
): Promise<TicketTokenPayload | undefined> {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts[0] !== 'QS1') return undefined;
  try {
    const valid = await verifyAsync(
      base64url(parts[2]!),
      new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
      base64url(key.publicKey),
      { zip215: false },
    );
    if (!valid) return undefined;
    return JSON.parse(new TextDecoder().decode(base64url(parts[1]!))) as TicketTokenPayload;
  } catch {
    return undefined;
  }
}

/** The fair's calendar day (Beijing time) of an instant. */
export const fairDayOf = (at: Date): string =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The door's answer without the server: the signature, the revocation list, the day, and what
 * this door itself saw (a ticket this gate admitted is not let in twice). Other gates' scans are
 * not known offline: the upload reports those conflicts.
 */
export async function decideOffline(
  setup: DoorSetup,
  token: string,
  direction: ScanDirection,
  key: FairTicketKey | undefined,
  revoked: Revocations | undefined,
): Promise<{ result: ScanResultKind; payload?: TicketTokenPayload }> {
  if (!key) return { result: 'unknown' };
  const payload = await verifyOffline(token, key);
  if (!payload || payload.fid !== setup.fairId) return { result: 'invalid_signature' };
  const entry = revoked?.entries.find((e) => e.ticketId === payload.tid);
  if (revoked?.fairCancelled || (entry && (entry.revoked || payload.v < entry.version)))
    return { result: 'revoked', payload };
  if (!payload.days.includes(fairDayOf(new Date()))) return { result: 'wrong_day', payload };
  if (direction === 'entry') {
    const seen = (await get<string[]>(`admitted:${setup.fairId}:${setup.listId}`, store)) ?? [];
    if (seen.includes(payload.tid)) return { result: 'already_checked_in', payload };
  }
  return { result: 'ok', payload };
}

/** Remembers the tickets this device let in (for its own offline answers). */
export async function rememberAdmitted(setup: DoorSetup, ticketId: string): Promise<void> {
  await update<string[]>(
    `admitted:${setup.fairId}:${setup.listId}`,
    (seen = []) => (seen.includes(ticketId) ? seen : [...seen, ticketId]),
    store,
  );
}

export async function enqueue(setup: DoorSetup, scan: QueuedScan): Promise<number> {
  let size = 0;
  await update<QueuedScan[]>(
    queueKey(setup),
    (queue = []) => {
      const next = [...queue, scan];
      size = next.length;
      return next;
    },
    store,
  );
  return size;
}

export async function queueOf(setup: DoorSetup): Promise<QueuedScan[]> {
  return (await get<QueuedScan[]>(queueKey(setup), store)) ?? [];
}

const scanPath = (setup: DoorSetup, batch: boolean) =>
  `/fairs/${setup.fairId}/${setup.deviceCode ? 'device/' : ''}scans${batch ? '/batch' : ''}`;

/** One scan online. */
export async function scanOnline(
  setup: DoorSetup,
  scan: { token: string; nonce: string; direction: ScanDirection; scannedAt?: string },
): Promise<ScanResult> {
  const { data } = await request<ScanResult>('POST', scanPath(setup, false), {
    body: {
      ...scan,
      listId: setup.listId,
      gate: setup.gate,
      ...(setup.deviceCode ? { deviceCode: setup.deviceCode } : {}),
    },
  });
  return data;
}

/**
 * Uploads the queue in chunks; each chunk leaves the queue once the server has answered it (a
 * chunk sent twice is decided once: its nonces). Answers the server's results and conflicts.
 */
export async function uploadQueue(setup: DoorSetup): Promise<BatchScanResult> {
  const all: BatchScanResult = { results: [], conflicts: [] };
  for (;;) {
    const queue = await queueOf(setup);
    if (queue.length === 0) return all;
    const chunk = queue.slice(0, 100);
    let answer: BatchScanResult;
    try {
      ({ data: answer } = await request<BatchScanResult>('POST', scanPath(setup, true), {
        body: {
          listId: setup.listId,
          gate: setup.gate,
          scans: chunk.map(({ token, nonce, direction, scannedAt }) => ({
            token,
            nonce,
            direction,
            scannedAt,
          })),
          ...(setup.deviceCode ? { deviceCode: setup.deviceCode } : {}),
        },
      }));
    } catch (error) {
      if (isApiError(error) && error.status >= 400 && error.status < 500 && error.status !== 429) {
        // The server will never take this chunk (a revoked device, a list gone): keep it aside.
        await set(`${queueKey(setup)}:refused:${Date.now()}`, chunk, store);
        await update<QueuedScan[]>(queueKey(setup), (q = []) => q.slice(chunk.length), store);
        throw error;
      }
      throw error;
    }
    const sent = new Set(chunk.map((s) => s.nonce));
    await update<QueuedScan[]>(queueKey(setup), (q = []) => q.filter((s) => !sent.has(s.nonce)), store);
    all.results.push(...answer.results);
    all.conflicts.push(...answer.conflicts);
  }
}

export async function clearKit(fairId: string): Promise<void> {
  await Promise.all([del(`key:${fairId}`, store), del(`revocations:${fairId}`, store)]);
}
