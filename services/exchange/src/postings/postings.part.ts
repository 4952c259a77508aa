import type { ExchangePart } from '../part';
import { POSTING_MODEL, PostingSchema } from './posting.schema';
import { PostingsMessages } from './postings.messages';
import { PostingsService } from './postings.service';

/** Postings (see ../part.ts); issue #12, item 1. */
export const postingsPart: ExchangePart = {
  models: [{ name: POSTING_MODEL, schema: PostingSchema }],
  controllers: [PostingsMessages],
  providers: [PostingsService],
};
