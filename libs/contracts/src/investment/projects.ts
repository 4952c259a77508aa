import type { AnyCommand, AnyEvent, RecordRoom } from '../kit/contract';
import type { Route } from '../kit/route';
import type { ExportRoute } from '../kit/export';

// The county project library (项目储备库): a county's projects, their history, the yearly plan.
// Matching needs to projects and back is in matching.ts.

export const projectsPart = {
  commands: [] as const satisfies readonly AnyCommand[],
  events: [] as const satisfies readonly AnyEvent[],
  routes: [] as readonly Route[],
  rooms: [] as readonly RecordRoom[],
  exports: [] as readonly ExportRoute[],
  samples: {},
};
