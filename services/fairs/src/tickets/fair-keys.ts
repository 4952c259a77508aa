import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { FairTicketKey } from '@qingshui/contracts';
import { FAIR_KEY_MODEL, type FairKeyDocument } from './ticket.schema';
import { generateFairKeyPair } from './ticket-token';

const DUPLICATE_KEY = 11000;

/** Each fair's key pair: made on first use, exactly once even when two requests race (by `_id`). */
@Injectable()
export class FairKeys {
  private readonly cache = new Map<string, FairKeyDocument>();

  constructor(@InjectModel(FAIR_KEY_MODEL) private readonly model: Model<FairKeyDocument>) {}

  async keyOf(fairId: string): Promise<FairKeyDocument> {
    const cached = this.cache.get(fairId);
    if (cached) return cached;
    let doc = await this.model.collection.findOne({ _id: fairId } as never);
    if (!doc) {
      const pair = generateFairKeyPair(randomUUID().slice(0, 8));
      const fresh: FairKeyDocument = { _id: fairId, ...pair, createdAt: new Date() };
      try {
        await this.model.collection.insertOne(fresh as never);
        doc = fresh as never;
      } catch (error) {
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
        doc = await this.model.collection.findOne({ _id: fairId } as never);
      }
    }
    const key = doc as unknown as FairKeyDocument;
    this.cache.set(fairId, key);
    return key;
  }

  async publicKeyOf(fairId: string): Promise<FairTicketKey> {
    const key = await this.keyOf(fairId);
    return {
      fairId,
      kid: key.kid,
      algorithm: 'Ed25519',
      publicKey: key.publicKey,
      jwk: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey, kid: key.kid },
    };
  }
}
