// The matching engine: pure, in-memory, no I/O. The talent service maps its documents to
// MatchableExpert / MatchableChallenge and keeps an ExpertIndex and a ChallengeIndex current.
export * from './types';
export { WEIGHTS, MAX_STATIC } from './weights';
export { tokenize, uniqueTokens, segment, normalise, normalisePhrase, STOPWORDS } from '@qingshui/text';
export {
  explain,
  expertFeatures,
  prepareChallenge,
  buildQuery,
  conflictOf,
  dayOf,
  type CorpusStats,
  type ExpertFeatures,
  type PreparedChallenge,
  type ChallengeQuery,
} from './scoring';
export { ExpertIndex, type RankOptions } from './expert-index';
export { ChallengeIndex, OPEN_STATUSES } from './challenge-index';
