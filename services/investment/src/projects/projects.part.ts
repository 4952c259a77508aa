import type { InvestmentPart } from '../part';
import { PROJECT_MODEL, ProjectSchema } from './project.schema';
import { ProjectsMessages } from './projects.messages';
import { ProjectsService } from './projects.service';
import { OUTBOX_MODELS } from './outbox-models';

/** The county project library (see ../part.ts). */
export const projectsPart: InvestmentPart = {
  models: [{ name: PROJECT_MODEL, schema: ProjectSchema }],
  outboxModels: [...OUTBOX_MODELS],
  controllers: [ProjectsMessages],
  providers: [ProjectsService],
};
