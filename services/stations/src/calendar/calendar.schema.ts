import { Schema } from 'mongoose';

export const CALENDAR_MODEL = 'ExpertCalendar';

/** One interval an expert holds (a pending or confirmed booking), in the expert's calendar. */
export interface HoldRecord {
  bookingId: string;
  slotId: string;
  start: Date;
  end: Date;
  at: Date;
}

/**
 * An expert's calendar: every interval they hold, one document per expert (keyed by user id).
 * Written only with a version guard, so two overlapping holds can never both be written.
 */
export interface CalendarDocument {
  _id: string;
  holds: HoldRecord[];
  version: number;
}

export const CalendarSchema = new Schema<CalendarDocument>(
  {
    _id: { type: String, required: true },
    holds: { type: Schema.Types.Mixed, default: [] },
    version: { type: Number, required: true },
  },
  { collection: 'calendars', versionKey: false },
);
