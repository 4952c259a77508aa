import type { Provider, Type } from '@nestjs/common';
import type { ModelDefinition } from '@nestjs/mongoose';

/**
 * One part of the exchange service (postings, cadres, placements, tracking, inbox): its models,
 * its message controllers and providers. The app module joins the parts into one Nest module, so
 * every part may inject every other part's providers. Each part lists its models that carry an
 * outbox in its own outbox-models.ts (the relay publishes their events).
 */
export interface ExchangePart {
  models: ModelDefinition[];
  controllers: Type[];
  providers: Provider[];
}
