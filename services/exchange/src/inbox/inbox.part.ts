import type { ExchangePart } from '../part';
import {
  INBOX_BOX_MODEL,
  INBOX_ITEM_MODEL,
  INBOX_READS_MODEL,
  InboxBoxSchema,
  InboxItemSchema,
  InboxReadsSchema,
} from './inbox.schema';
import { InboxMessages } from './inbox.messages';
import { InboxService } from './inbox.service';
import { InboxConsumer } from './inbox.consumer';

/** The inbox: items per addressee from the exchange events, read state per user (see ../part.ts). */
export const inboxPart: ExchangePart = {
  models: [
    { name: INBOX_ITEM_MODEL, schema: InboxItemSchema },
    { name: INBOX_BOX_MODEL, schema: InboxBoxSchema },
    { name: INBOX_READS_MODEL, schema: InboxReadsSchema },
  ],
  controllers: [InboxMessages],
  providers: [InboxService, InboxConsumer],
};
