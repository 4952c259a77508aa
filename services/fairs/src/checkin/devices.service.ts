import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import {
  AppError,
  hasRole,
  type DeviceKind,
  type ErrorCode,
  type DeviceView,
  type Principal,
} from '@qingshui/contracts';
import { FAIR_MODEL, type FairDocument } from '../fairs/fair.schema';
import { canManageFair, canReadFair } from '../fairs/fair.rules';
import { EXHIBITOR_MODEL, type ExhibitorDocument } from '../exhibitors/exhibitor.schema';
import { DEVICE_MODEL, type DeviceDocument } from './checkin.schema';

/** Devices per organisation and fair. */
export const MAX_DEVICES = 50;
/** How long a resolved device code is trusted on this instance before it is read again. */
const DEVICE_CACHE_MS = 2000;
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A code a person can type: `QSD-XXXX-XXXX-XXXX-XXXX` (80 random bits). */
export function newDeviceCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]!).join('');
  return `QSD-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12, 16)}`;
}
/** The stored form of a code (typed in lower case or without dashes, it is the same code). */
export function deviceCodeHash(code: string): string {
  const normal = code
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  return createHash('sha256').update(normal).digest('hex');
}

export function deviceView(doc: DeviceDocument): DeviceView {
  return {
    id: doc.id,
    fairId: doc.fairId,
    kind: doc.kind,
    orgId: doc.orgId,
    label: doc.label,
    createdBy: doc.createdBy,
    createdAt: new Date(doc.createdAt).toISOString(),
    ...(doc.revokedAt ? { revokedAt: new Date(doc.revokedAt).toISOString() } : {}),
  };
}

/** A refusal with its machine-readable reason in `fields` (`refusal`), as the other parts give theirs. */
export function refusal(status: number, code: ErrorCode, reason: string, message: string): AppError {
  return new AppError(status, code, message, [{ field: 'refusal', message: reason }]);
}

/** Whether an enterprise is an accepted exhibitor of the fair (its application, by `_id`). */
export async function acceptedExhibitor(
  exhibitors: Collection<ExhibitorDocument>,
  fairId: string,
  orgId: string | undefined,
): Promise<ExhibitorDocument | undefined> {
  if (!orgId) return undefined;
  const doc = await exhibitors.findOne(
    { _id: `${fairId}:${orgId}` },
    { projection: { outbox: 0, notes: 0 } },
  );
  return doc && doc.status === 'accepted' ? (doc as ExhibitorDocument) : undefined;
}

/**
 * Scan-only devices: an exhibitor's booth scanners (lead) and the organiser's door scanners for
 * volunteers (door). The code is shown once; only its SHA-256 is kept, as the document's `_id`,
 * so a device is found by `_id` from its code.
 */
@Injectable()
export class DevicesService {
  readonly devices: Collection<DeviceDocument>;
  readonly fairs: Collection<FairDocument>;
  readonly exhibitors: Collection<ExhibitorDocument>;
  private readonly cache = new Map<string, { doc: DeviceDocument | null; at: number }>();

  constructor(
    @InjectModel(DEVICE_MODEL) devices: Model<DeviceDocument>,
    @InjectModel(FAIR_MODEL) fairs: Model<FairDocument>,
    @InjectModel(EXHIBITOR_MODEL) exhibitors: Model<ExhibitorDocument>,
  ) {
    this.devices = devices.collection as unknown as Collection<DeviceDocument>;
    this.fairs = fairs.collection as unknown as Collection<FairDocument>;
    this.exhibitors = exhibitors.collection as unknown as Collection<ExhibitorDocument>;
  }

  private async readableFair(fairId: string, principal: Principal): Promise<FairDocument> {
    const fair = await this.fairs.findOne({ _id: fairId }, { projection: { outbox: 0 } });
    if (!fair || !canReadFair(principal, fair)) throw AppError.notFound(`No fair with id ${fairId}`);
    return fair as FairDocument;
  }

  async create(
    input: { fairId: string; kind: DeviceKind; label: string },
    principal: Principal,
  ): Promise<DeviceView & { code: string }> {
    const fair = await this.readableFair(input.fairId, principal);
    let orgId: string;
    if (input.kind === 'door') {
      if (!canManageFair(principal, fair))
        throw AppError.forbidden('Only the organiser’s staff make door devices');
      orgId = fair.organiser.orgId;
    } else {
      if (!hasRole(principal, 'enterprise') || !principal.orgId)
        throw AppError.forbidden('Only an exhibitor’s staff make booth scanning devices');
      if (!(await acceptedExhibitor(this.exhibitors, fair._id, principal.orgId)))
        throw refusal(
          403,
          'NOT_ELIGIBLE',
          'not_exhibitor',
          'Your organisation is not an accepted exhibitor of this fair',
        );
      orgId = principal.orgId;
    }
    const existing = await this.devices.countDocuments({
      fairId: fair._id,
      orgId,
      revokedAt: { $exists: false },
    });
    if (existing >= MAX_DEVICES)
      throw refusal(
        409,
        'CAP_REACHED',
        'too_many_devices',
        `At most ${MAX_DEVICES} devices per organisation and fair`,
      );
    const code = newDeviceCode();
    const doc: DeviceDocument = {
      _id: deviceCodeHash(code),
      id: randomUUID(),
      fairId: fair._id,
      kind: input.kind,
      orgId,
      label: input.label,
      createdBy: principal.userId,
      createdAt: new Date(),
    };
    await this.devices.insertOne(doc);
    return { ...deviceView(doc), code };
  }

  /** One's organisation's devices at the fair (newest first). */
  async list(fairId: string, principal: Principal): Promise<{ items: DeviceView[] }> {
    const fair = await this.readableFair(fairId, principal);
    const orgIds = [
      principal.orgId,
      ...(canManageFair(principal, fair) ? [fair.organiser.orgId] : []),
    ].filter((id): id is string => !!id);
    if (orgIds.length === 0) return { items: [] };
    const docs = await this.devices.find({ fairId, orgId: { $in: orgIds } }).toArray();
    return {
      items: docs
        .map((d) => deviceView(d as DeviceDocument))
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)),
    };
  }

  async revoke(fairId: string, deviceId: string, principal: Principal): Promise<DeviceView> {
    const fair = await this.readableFair(fairId, principal);
    const doc = (await this.devices.findOne({ fairId, id: deviceId })) as DeviceDocument | null;
    const mine =
      doc && (doc.orgId === principal.orgId || (doc.kind === 'door' && canManageFair(principal, fair)));
    if (!doc || !mine) throw AppError.notFound(`No device ${deviceId} of yours at this fair`);
    if (doc.revokedAt) return deviceView(doc);
    const revokedAt = new Date();
    await this.devices.updateOne({ _id: doc._id }, { $set: { revokedAt, revokedBy: principal.userId } });
    this.cache.delete(doc._id);
    return deviceView({ ...doc, revokedAt });
  }

  /** The kind of device a code is, if it is one. */
  async kindOf(code: string): Promise<DeviceKind | undefined> {
    return ((await this.devices.findOne({ _id: deviceCodeHash(code) })) as DeviceDocument | null)?.kind;
  }

  /**
   * The device a code names, for this fair and kind: a wrong code, another fair's, another kind's
   * and a revoked one are refused (403, with the reason in the code).
   */
  async resolve(fairId: string, code: string | undefined, kind: DeviceKind): Promise<DeviceDocument> {
    if (!code) throw new AppError(401, 'UNAUTHENTICATED', 'Sign in, or give a device code');
    const hash = deviceCodeHash(code);
    const cached = this.cache.get(hash);
    let doc: DeviceDocument | null;
    if (cached && Date.now() - cached.at < DEVICE_CACHE_MS) doc = cached.doc;
    else {
      doc = (await this.devices.findOne({ _id: hash })) as DeviceDocument | null;
      this.cache.set(hash, { doc, at: Date.now() });
    }
    if (!doc || doc.fairId !== fairId || doc.kind !== kind)
      throw refusal(403, 'FORBIDDEN', 'device_unknown', 'This device code is not one of this fair’s');
    if (doc.revokedAt) throw refusal(403, 'FORBIDDEN', 'device_revoked', 'This device code was revoked');
    return doc;
  }
}
