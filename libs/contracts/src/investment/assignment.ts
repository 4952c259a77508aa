import type { AnyCommand, AnyEvent, RecordRoom } from '../kit/contract';
import type { Route } from '../kit/route';
import type { ExportRoute } from '../kit/export';

// Owners and assignment: rosters and rules per county and pair, capacity, round robin; follow-up reminders.

export const assignmentPart = {
  commands: [] as const satisfies readonly AnyCommand[],
  events: [] as const satisfies readonly AnyEvent[],
  routes: [] as readonly Route[],
  rooms: [] as readonly RecordRoom[],
  exports: [] as readonly ExportRoute[],
  samples: {},
};
