import type { AnyCommand, AnyEvent, RecordRoom } from './contract';
import type { Route } from './route';

/**
 * A bounded context's contracts: its commands, events, public routes and record rooms. Each
 * domain declares itself; the platform's registry is derived from the list of domains.
 */
export interface Domain<
  C extends readonly AnyCommand[] = readonly AnyCommand[],
  E extends readonly AnyEvent[] = readonly AnyEvent[],
> {
  readonly name: string;
  readonly commands: C;
  readonly events: E;
  readonly routes: readonly Route[];
  readonly rooms: readonly RecordRoom[];
}

export function defineDomain<const C extends readonly AnyCommand[], const E extends readonly AnyEvent[]>(
  domain: Domain<C, E>,
): Domain<C, E> {
  const prefix = `${domain.name}.`;
  const names = new Set<string>();
  for (const { name } of domain.commands) {
    if (!name.startsWith(prefix)) throw new Error(`Command ${name} is not in domain ${domain.name}`);
    if (names.has(name)) throw new Error(`Command ${name} is declared twice`);
    names.add(name);
  }
  for (const { topic } of domain.events) {
    if (!topic.startsWith(prefix)) throw new Error(`Event ${topic} is not in domain ${domain.name}`);
    if (names.has(topic)) throw new Error(`Event ${topic} is declared twice`);
    names.add(topic);
  }
  for (const route of domain.routes)
    if (!(domain.commands as readonly AnyCommand[]).includes(route.command))
      throw new Error(
        `Route ${route.method} ${route.path} serves ${route.command.name}, not a command of ${domain.name}`,
      );
  for (const room of domain.rooms)
    if (!(domain.commands as readonly AnyCommand[]).includes(room.read))
      throw new Error(`Room ${room.kind} is read with ${room.read.name}, not a command of ${domain.name}`);
  return domain;
}
