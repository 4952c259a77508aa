import { randomUUID } from 'node:crypto';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Principal } from '@qingshui/contracts';
import { OfferJobs } from './offer-jobs';
import { SlotsService } from './slots.service';

export const SYSTEM_OFFERS: Principal = { userId: 'system:offers', username: 'system', roles: [] };

/** Runs the offer-expiry jobs in this service, and repairs missing jobs at start. */
@Injectable()
export class OfferWorker implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: OfferJobs,
    private readonly slots: SlotsService,
    @InjectPinoLogger('offers') private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.startWorker(({ slotId, offerId }) =>
      this.slots.expireOffer(slotId, offerId, {
        principal: SYSTEM_OFFERS,
        correlationId: `offer-${offerId}-${randomUUID()}`,
      }),
    );
    const open = await this.slots.openOffers();
    for (const { slotId, offer } of open)
      await this.jobs.schedule(slotId, offer.id, new Date(offer.expiresAt));
    if (open.length > 0) this.logger.info({ count: open.length }, 'offer jobs checked');
  }
}
