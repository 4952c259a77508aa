import type { Principal, StationView } from '@qingshui/contracts';
import type { StationDocument } from './station.schema';
import { canManage } from '../slots/slot.rules';

/** A station as shown; `canManage` only when answering someone (not in events). Pure. */
export function stationView(
  doc: Omit<StationDocument, 'outbox' | 'outboxPending'>,
  principal?: Principal,
): StationView {
  return {
    id: doc._id,
    name: doc.name,
    county: doc.county,
    pairedDistrict: doc.pairedDistrict,
    hostOrgId: doc.hostOrgId,
    fields: doc.fields,
    address: doc.address,
    cadreUserIds: doc.cadreUserIds,
    createdBy: doc.createdBy,
    version: doc.version,
    createdAt: new Date(doc.createdAt).toISOString(),
    ...(principal ? { canManage: canManage(principal, doc) } : {}),
  };
}
