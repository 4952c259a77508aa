import type { AnyCommand, AnyEvent, RecordRoom } from '../kit/contract';
import type { Route } from '../kit/route';
import type { ExportRoute } from '../kit/export';

// Leads and the pipeline (招商线索): stages with their gates, statuses, activities, totals.

export const leadsPart = {
  commands: [] as const satisfies readonly AnyCommand[],
  events: [] as const satisfies readonly AnyEvent[],
  routes: [] as readonly Route[],
  rooms: [] as readonly RecordRoom[],
  exports: [] as readonly ExportRoute[],
  samples: {},
};
