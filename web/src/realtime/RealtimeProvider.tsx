import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { io, type Socket } from 'socket.io-client';
import { useAuth } from '../auth/AuthProvider';
import { noteOf, staleGroupsOf, WAITLIST_POSITION, type Note } from './topics';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface Notification extends Note {
  id: string;
  at: string;
  read: boolean;
}

type Listener = (topic: string, envelope: { type: string; payload: unknown; occurredAt?: string }) => void;
type Handler = (data: unknown) => void;

interface Realtime {
  state: ConnectionState;
  /** Watch a room while mounted (record, region or pair rooms); rejoined after every reconnect. */
  watch(room: string): () => void;
  /** Every event this socket receives, while mounted. */
  listen(listener: Listener): () => void;
  /** A message of the socket that is not a platform topic (`presence`), while mounted. */
  on(event: string, handler: Handler): () => void;
  /** Sends a message on the socket when it is connected (a hook sends it again after a reconnect). */
  send(event: string, body: unknown): void;
  /** The last waiting-line place the server told this user, per slot. */
  positions: Record<string, number>;
  notifications: Notification[];
  markAllRead(): void;
}

const RealtimeContext = createContext<Realtime | undefined>(undefined);

export function useRealtime(): Realtime {
  const realtime = useContext(RealtimeContext);
  if (!realtime) throw new Error('useRealtime outside <RealtimeProvider>');
  return realtime;
}

/** Watches a room while the component is mounted (nothing when room is undefined). */
export function useRoom(room: string | undefined): void {
  const { watch } = useRealtime();
  useEffect(() => (room ? watch(room) : undefined), [room, watch]);
}

/** Calls back for each event of the given topics (by prefix) while mounted. */
export function useEvents(prefixes: readonly string[], onEvent: Listener): void {
  const { listen } = useRealtime();
  const callback = useRef(onEvent);
  useEffect(() => {
    callback.current = onEvent;
  });
  const key = prefixes.join('|');
  useEffect(
    () =>
      listen((topic, envelope) => {
        if (key.split('|').some((prefix) => topic.startsWith(prefix))) callback.current(topic, envelope);
      }),
    [key, listen],
  );
}

/**
 * One Socket.IO connection per signed-in user, on the console's own origin. Each event makes the
 * queries it concerns stale, so what is on screen is refetched from REST in place; events meant
 * for this user also become notifications. Rooms watched by pages are counted and joined again
 * after every reconnect; a token about to expire is replaced on the open socket.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectionState>('connecting');
  const [notifications, setNotifications] = useState<Notification[]>([]);
  const [positions, setPositions] = useState<Record<string, number>>({});
  const socketRef = useRef<Socket>(undefined);
  const rooms = useRef(new Map<string, number>());
  const listeners = useRef(new Set<Listener>());
  const handlers = useRef(new Map<string, Set<Handler>>());
  const principalRef = useRef(auth.principal);
  const tokenRef = useRef(auth.token);
  useEffect(() => {
    principalRef.current = auth.principal;
    tokenRef.current = auth.token;
  });
  const userId = auth.principal?.userId;

  useEffect(() => {
    if (!userId) return;
    const socket = io({
      transports: ['websocket'],
      // A fresh token at every (re)connection attempt.
      auth: (cb) => void tokenRef.current().then((token) => cb({ token })),
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    socketRef.current = socket;
    const join = (room: string) => socket.emit('subscribe', { room }, () => undefined);
    socket.on('connect', () => {
      setState('connected');
      for (const room of rooms.current.keys()) join(room);
      // What happened while away is read again from REST.
      void queryClient.invalidateQueries();
    });
    socket.on('disconnect', (reason) =>
      setState(reason === 'io client disconnect' ? 'offline' : 'reconnecting'),
    );
    socket.on('connect_error', () => setState('reconnecting'));
    socket.io.on('reconnect_attempt', () => setState('reconnecting'));
    socket.on('auth.expiring', () => {
      void tokenRef.current().then((token) => token && socket.emit('auth', { token }, () => undefined));
    });
    socket.on(WAITLIST_POSITION, (data: { slotId: string; position: number }) =>
      setPositions((current) => ({ ...current, [data.slotId]: data.position })),
    );
    socket.onAny((topic: string, envelope: { type: string; payload: unknown; occurredAt?: string }) => {
      for (const handler of handlers.current.get(topic) ?? []) handler(envelope);
      if (!topic.endsWith('.v1')) return;
      for (const group of staleGroupsOf(topic)) void queryClient.invalidateQueries({ queryKey: [group] });
      for (const listener of listeners.current) listener(topic, envelope);
      const principal = principalRef.current;
      const note = principal && noteOf(topic, envelope?.payload, principal);
      if (note)
        setNotifications((current) =>
          [
            {
              ...note,
              id: `${topic}:${Date.now()}:${current.length}`,
              at: new Date().toISOString(),
              read: false,
            },
            ...current,
          ].slice(0, 50),
        );
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = undefined;
      setState('offline');
    };
  }, [userId, queryClient]);

  // Stable, so that a page's useRoom does not leave and rejoin its room on every render.
  const watch = useCallback((room: string) => {
    const count = rooms.current.get(room) ?? 0;
    rooms.current.set(room, count + 1);
    if (count === 0 && socketRef.current?.connected)
      socketRef.current.emit('subscribe', { room }, () => undefined);
    return () => {
      const left = (rooms.current.get(room) ?? 1) - 1;
      if (left > 0) {
        rooms.current.set(room, left);
        return;
      }
      rooms.current.delete(room);
      socketRef.current?.emit('unsubscribe', { room }, () => undefined);
    };
  }, []);
  const listen = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const on = useCallback((event: string, handler: Handler) => {
    const set = handlers.current.get(event) ?? new Set<Handler>();
    handlers.current.set(event, set.add(handler));
    return () => {
      set.delete(handler);
    };
  }, []);
  const send = useCallback((event: string, body: unknown) => {
    if (socketRef.current?.connected) socketRef.current.emit(event, body, () => undefined);
  }, []);
  const markAllRead = useCallback(
    () => setNotifications((current) => current.map((n) => ({ ...n, read: true }))),
    [],
  );

  const value = useMemo<Realtime>(
    () => ({ state, positions, notifications, markAllRead, watch, listen, on, send }),
    [state, positions, notifications, markAllRead, watch, listen, on, send],
  );

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
