import type { AnyCommand, AnyEvent, RecordRoom } from '../kit/contract';
import type { Route } from '../kit/route';
import type { ExportRoute } from '../kit/export';

// Trade fairs, door check-in lists and scans (online and offline), exact counts, booth lead scans and scan-only devices.

export const checkinPart = {
  commands: [] as const satisfies readonly AnyCommand[],
  events: [] as const satisfies readonly AnyEvent[],
  routes: [] as readonly Route[],
  rooms: [] as readonly RecordRoom[],
  /** CSV/XLSX downloads of this part's lists (see kit/export.ts). */
  exports: [] as readonly ExportRoute[],
  /** A sample payload of every event of this part (see fairsDomain.samples). */
  samples: {},
};
