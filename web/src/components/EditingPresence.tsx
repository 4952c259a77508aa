import { useRoom } from '../realtime/RealtimeProvider';
import { useEditingMark } from '../realtime/usePresence';
import { PresenceAvatars } from './PresenceAvatars';

/**
 * On an editor of an existing record: joins its record room, marks the current user as editing it
 * while the editor is open and the user may change it, and shows who else is there (and who else edits).
 */
export function EditingPresence({ room, editing = true }: { room: string; editing?: boolean }) {
  useRoom(room);
  useEditingMark(room, editing);
  return <PresenceAvatars room={room} />;
}
