import { startTalent } from './bootstrap';
import { talentConfigFromEnv } from './config';

// What whole-platform tests and benchmarks may use to start the service in-process.
export { startTalent, type RunningTalent } from './bootstrap';
export { talentConfigFromEnv, type TalentConfig } from './config';
/** The uniform entry every app exports: tooling and the test platform start apps by name through it. */
export const service = { name: 'talent', configFromEnv: talentConfigFromEnv, start: startTalent } as const;
// The benchmark's in-process baseline reads through the same service the Kafka handlers use.
export { ExpertsService } from './experts/experts.service';
// Importing a pool (the demo seed) shapes documents exactly as registration does.
export { newExpertDocument } from './experts/experts.service';
export { ExpertSchema, EXPERT_MODEL } from './experts/expert.schema';
export { demoExperts, type DemoExpert } from './seed/demo-experts';
export { demoChallenges, type DemoChallenge } from './seed/demo-challenges';
// The matching engine (pure, in memory) and its synthetic data, for the matching benchmark.
export * as matching from './matching';
export * as matchingSynthetic from './matching/synthetic';
