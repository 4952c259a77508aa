import type { Provider, Type } from '@nestjs/common';
import type { ModelDefinition } from '@nestjs/mongoose';

/**
 * One part of the investment service (needs, projects, matching, leads, assignment, enterprises):
 * its models, which of them carry an outbox, its message controllers and providers. The app module
 * joins the parts into one Nest module, so every part may inject every other part's providers.
 */
export interface InvestmentPart {
  models: ModelDefinition[];
  outboxModels: string[];
  controllers: Type[];
  providers: Provider[];
}
