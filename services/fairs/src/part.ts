import type { Provider, Type } from '@nestjs/common';
import type { ModelDefinition } from '@nestjs/mongoose';

/**
 * One part of the fairs service (fairs, exhibitors, registrations, check-in): its models, which of
 * them carry an outbox, its message controllers and providers. The app module joins the parts
 * into one Nest module, so every part may inject every model (reads across parts are by `_id`).
 */
export interface FairsPart {
  models: ModelDefinition[];
  outboxModels: string[];
  controllers: Type[];
  providers: Provider[];
}
