import type { AnyCommand, AnyEvent, RecordRoom } from '../kit/contract';
import type { Route } from '../kit/route';
import type { ExportRoute } from '../kit/export';

// Enterprises (企业): unified social credit codes, duplicate candidates, merges; lineage from fairs and challenges.

export const enterprisesPart = {
  commands: [] as const satisfies readonly AnyCommand[],
  events: [] as const satisfies readonly AnyEvent[],
  routes: [] as readonly Route[],
  rooms: [] as readonly RecordRoom[],
  exports: [] as readonly ExportRoute[],
  samples: {},
};
