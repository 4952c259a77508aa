import { useEffect, useRef, useState } from 'react';
import { useAuth } from '../auth/AuthProvider';
import { useRealtime, useRoom } from './RealtimeProvider';

/** One person on a record, as the gateway sends them (`presence` `{ room, people, version }`). */
export interface PresentPerson {
  userId: string;
  name: string;
  unit: string | null;
  editing: boolean;
  since: string;
}

interface PresenceMessage {
  room: string;
  people: PresentPerson[];
  version: number;
}

/**
 * What presence needs of the one socket besides `watch`: hearing a message that is not a platform
 * topic, and sending one. RealtimeProvider does not offer them yet (its listeners hear `*.v1`
 * topics only), so until it does the console is listed as a viewer but hears nobody.
 */
interface SocketChannel {
  on(event: string, handler: (data: unknown) => void): () => void;
  send(event: string, body: unknown): void;
}

const PRESENCE = 'presence';

const isMessage = (data: unknown): data is PresenceMessage =>
  typeof data === 'object' &&
  data !== null &&
  typeof (data as PresenceMessage).room === 'string' &&
  Array.isArray((data as PresenceMessage).people) &&
  typeof (data as PresenceMessage).version === 'number';

/** The provider with what presence needs of it, where it offers it. */
function useChannel(): ReturnType<typeof useRealtime> & Partial<SocketChannel> {
  return useRealtime();
}

/** The room's newest presence list (every person, the current user included), while mounted. */
function useRoomPresence(room: string | undefined): PresentPerson[] {
  const { on, send } = useChannel();
  const [list, setList] = useState<{ room: string; people: PresentPerson[]; version: number }>();
  useRoom(room);
  useEffect(() => {
    if (!room || !on) return undefined;
    const off = on(PRESENCE, (data) => {
      if (!isMessage(data) || data.room !== room) return;
      // Instances emit through Redis: a message may overtake a newer one; keep the newest.
      setList((current) => (current?.room === room && current.version > data.version ? current : data));
    });
    // The page may have joined the room before this mounted (watch joins once): joining again is
    // harmless, and the gateway answers a joiner with the list.
    send?.('subscribe', { room });
    return off;
  }, [room, on, send]);
  return list && list.room === room ? list.people : [];
}

/**
 * Who else is on the record of a record room (`challenge:<id>`, `lead:<id>`, …) now: joins the
 * room through the realtime provider's one socket while mounted; the current user is left out.
 */
export function usePresence(room: string | undefined): PresentPerson[] {
  const userId = useAuth().principal?.userId;
  return useRoomPresence(room).filter((person) => person.userId !== userId);
}

/**
 * Marks the current user as editing the record while `editing` is true (an open or dirty form).
 * Marked again whenever the room's list shows this user not editing while the form is open: after
 * a reconnect the gateway knows a new socket, and a mark sent before the join completed is refused.
 */
export function useEditingMark(room: string | undefined, editing: boolean): void {
  const { send } = useChannel();
  const userId = useAuth().principal?.userId;
  const people = useRoomPresence(editing ? room : undefined);
  const marked = useRef(false);
  const listedEditing = people.some((person) => person.userId === userId && person.editing);
  const listed = people.some((person) => person.userId === userId);

  useEffect(() => {
    if (!room || !send) return undefined;
    if (editing && (!marked.current || (listed && !listedEditing))) {
      send('presence.editing', { room, editing: true });
      marked.current = true;
    }
    if (!editing && marked.current) {
      send('presence.editing', { room, editing: false });
      marked.current = false;
    }
    return undefined;
  }, [room, send, editing, listed, listedEditing]);

  // Leaving the page or the room ends the mark (leaving the room also removes the viewer).
  useEffect(
    () => () => {
      if (room && marked.current) send?.('presence.editing', { room, editing: false });
      marked.current = false;
    },
    [room, send],
  );
}
