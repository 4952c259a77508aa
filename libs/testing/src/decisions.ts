import { AppError, type EventSpec } from '@qingshui/contracts';

// Helpers for the unit tests of pure decisions (`*.decide.spec.ts`): what a decision asks for,
// and what it refuses with.

/** An event as a decision lists it: a spec, or one attributed to another caller. */
type Listed = EventSpec | { event: EventSpec };

/** A change's events as plain specs, in order (attributed ones unwrapped). */
export function specsOf(events: readonly Listed[] | undefined): EventSpec[] {
  return (events ?? []).map((e) => ('event' in e ? e.event : e));
}

/** The topics of a change's events, in order. */
export function topicsOf(change: { events?: readonly Listed[] }): string[] {
  return specsOf(change.events).map((e) => e.topic);
}

/** The payloads of a change's events, in order. */
export function payloadsOf(change: { events?: readonly Listed[] }): unknown[] {
  return specsOf(change.events).map((e) => e.payload);
}

/** What `fn` refused with, as status and code; undefined when it did not refuse. */
export function refusal(fn: () => unknown): { status: number; code: string } | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, code: error.code };
    throw error;
  }
}
