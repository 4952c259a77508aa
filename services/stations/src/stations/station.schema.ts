import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { ExpertField } from '@qingshui/contracts';

export const STATION_MODEL = 'Station';

/** A workstation (院士专家工作站) hosted by a county and an organisation. */
export interface StationDocument extends OutboxFields {
  _id: string;
  name: string;
  county: string;
  pairedDistrict: string;
  hostOrgId: string;
  fields: ExpertField[];
  address: string;
  cadreUserIds: string[];
  createdBy: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const StationSchema = new Schema<StationDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    county: { type: String, required: true, index: true },
    pairedDistrict: { type: String, required: true },
    hostOrgId: { type: String, required: true },
    fields: { type: [String], default: [] },
    address: { type: String, required: true },
    cadreUserIds: { type: [String], default: [] },
    createdBy: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'stations', versionKey: false },
);
StationSchema.plugin(outboxPlugin);
