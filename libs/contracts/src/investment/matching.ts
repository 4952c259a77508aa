import type { AnyCommand, AnyEvent, RecordRoom } from '../kit/contract';
import type { Route } from '../kit/route';
import type { ExportRoute } from '../kit/export';

// Matching, explained, both ways: needs to projects and projects to needs.

export const matchingPart = {
  commands: [] as const satisfies readonly AnyCommand[],
  events: [] as const satisfies readonly AnyEvent[],
  routes: [] as readonly Route[],
  rooms: [] as readonly RecordRoom[],
  exports: [] as readonly ExportRoute[],
  samples: {},
};
