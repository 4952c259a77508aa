import { Alert, App, Badge, Button, Card, Flex, List, Radio, Result, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  FairTicketKey,
  Revocations,
  ScanConflict,
  ScanDirection,
  ScanResultKind,
} from '@qingshui/contracts';
import { isApiError } from '../../../api/client';
import { formatDateTime } from '../../../i18n/format';
import {
  decideOffline,
  enqueue,
  fairKey,
  newNonce,
  queueOf,
  rememberAdmitted,
  revocations,
  scanOnline,
  uploadQueue,
  type DoorSetup,
} from './offline';
import { Scanner } from './Scanner';
import { useTicketTypeName } from '../registrations/registrationUi';

interface Shown {
  result: ScanResultKind;
  offline: boolean;
  holderName?: string;
  typeId?: string;
  previous?: { at: string; gate: string };
  detail?: string;
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/**
 * A door's scanner: online, each scan is the server's answer; offline (or when the server does not
 * answer), the door answers from the fair's key and revocation list it keeps, queues the scan with
 * its nonce and time, and uploads the queue when the network is back, showing every conflict.
 */
export function DoorScanner({ setup, exits }: { setup: DoorSetup; exits: boolean }) {
  const { t } = useTranslation('fairs-checkin');
  const { message } = App.useApp();
  const online = useOnline();
  // A device (no one signed in) reads no ticket types: it shows the type's id.
  const typeName = useTicketTypeName(setup.fairId, !setup.deviceCode);
  const [direction, setDirection] = useState<ScanDirection>('entry');
  const [shown, setShown] = useState<Shown>();
  const [queued, setQueued] = useState(0);
  const [uploading, setUploading] = useState(false);
  const [conflicts, setConflicts] = useState<ScanConflict[]>([]);
  const [kit, setKit] = useState<{ key?: FairTicketKey; revoked?: Revocations }>({});
  const uploadRef = useRef<() => Promise<void>>(async () => undefined);

  useEffect(() => {
    let stale = false;
    void (async () => {
      const [key, revoked, queue] = await Promise.all([
        fairKey(setup.fairId, online, setup.deviceCode),
        revocations(setup.fairId, online, setup.deviceCode),
        queueOf(setup),
      ]);
      if (stale) return;
      setKit({ ...(key ? { key } : {}), ...(revoked ? { revoked } : {}) });
      setQueued(queue.length);
      // Back online (or opened online with scans left from before): send them.
      if (online && queue.length > 0) void uploadRef.current();
    })();
    return () => {
      stale = true;
    };
  }, [setup, online]);

  const upload = useCallback(async () => {
    setUploading(true);
    try {
      const answer = await uploadQueue(setup);
      setConflicts((previous) => [...answer.conflicts, ...previous]);
      if (answer.results.length > 0)
        message.success(
          t('door.uploaded', { count: answer.results.length, conflicts: answer.conflicts.length }),
        );
    } catch (error) {
      message.error(t('door.uploadFailed', { error: (error as Error).message }));
    } finally {
      setQueued((await queueOf(setup)).length);
      setUploading(false);
    }
  }, [setup, message, t]);

  useEffect(() => {
    uploadRef.current = upload;
  });

  const offlineScan = async (token: string, nonce: string, scannedAt: string) => {
    const local = await decideOffline(setup, token, direction, kit.key, kit.revoked);
    // Refusals the server would repeat need no upload; anything it could decide otherwise does.
    if (local.result === 'ok' || local.result === 'already_checked_in') {
      setQueued(await enqueue(setup, { token, nonce, direction, scannedAt, local: local.result }));
      if (local.result === 'ok' && local.payload && direction === 'entry')
        await rememberAdmitted(setup, local.payload.tid);
    }
    setShown({
      result: local.result,
      offline: true,
      ...(local.payload ? { typeId: local.payload.typ } : {}),
    });
  };

  const onCode = async (token: string) => {
    const nonce = newNonce();
    const scannedAt = new Date().toISOString();
    if (!online || queued > 0) return offlineScan(token, nonce, scannedAt);
    try {
      const answer = await scanOnline(setup, { token, nonce, direction, scannedAt });
      if (answer.result === 'ok' && answer.ticket && direction === 'entry')
        await rememberAdmitted(setup, answer.ticket.id);
      setShown({
        result: answer.result,
        offline: false,
        ...(answer.ticket ? { holderName: answer.ticket.holderName, typeId: answer.ticket.typeId } : {}),
        ...(answer.previous ? { previous: answer.previous } : {}),
        ...(answer.detail ? { detail: answer.detail } : {}),
      });
    } catch (error) {
      // No answer (network, 503): decide here and queue it; the same nonce goes up later.
      if (isApiError(error) && (error.status === 0 || error.status >= 500))
        return offlineScan(token, nonce, scannedAt);
      message.error((error as Error).message);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Flex gap={12} align="center" wrap>
        <Badge
          data-testid="door-online"
          data-online={online ? 'true' : 'false'}
          status={online ? 'success' : 'error'}
          text={online ? t('door.online') : t('door.offline')}
        />
        <Tag data-testid="door-queue" data-count={queued} color={queued > 0 ? 'orange' : 'default'}>
          {t('door.queue', { count: queued })}
        </Tag>
        {kit.key ? (
          // What the door answers offline from: the fair's key, and (staff) the revocation list.
          <Tag
            data-testid="door-kit"
            data-ready={kit.revoked || setup.deviceCode ? 'true' : 'false'}
            color="blue"
          >
            {t('door.kitReady')}
          </Tag>
        ) : (
          <Tag color="red" data-testid="door-no-key">
            {t('door.noKey')}
          </Tag>
        )}
        {queued > 0 && online && (
          <Button size="small" data-testid="door-upload" loading={uploading} onClick={() => void upload()}>
            {t('door.upload')}
          </Button>
        )}
        {exits && (
          <Radio.Group
            value={direction}
            onChange={(e) => setDirection(e.target.value as ScanDirection)}
            optionType="button"
            options={[
              { value: 'entry', label: t('door.entry') },
              { value: 'exit', label: t('door.exit') },
            ]}
          />
        )}
      </Flex>
      <Scanner onCode={(code) => void onCode(code)} />
      {shown && (
        <Card data-testid="door-result" data-result={shown.result}>
          <Result
            status={shown.result === 'ok' ? 'success' : 'error'}
            title={t(`result.${shown.result}`)}
            subTitle={
              <Space direction="vertical">
                {shown.holderName && (
                  <Typography.Text strong style={{ fontSize: 20 }}>
                    {shown.holderName}
                  </Typography.Text>
                )}
                {shown.typeId && <Tag>{typeName(shown.typeId)}</Tag>}
                {shown.previous && (
                  <Typography.Text>
                    {t('door.previous', { at: formatDateTime(shown.previous.at), gate: shown.previous.gate })}
                  </Typography.Text>
                )}
                {shown.offline && (
                  <Typography.Text type="warning">{t('door.decidedOffline')}</Typography.Text>
                )}
              </Space>
            }
          />
        </Card>
      )}
      {conflicts.length > 0 && (
        <Alert
          type="warning"
          data-testid="door-conflicts"
          message={t('door.conflicts', { count: conflicts.length })}
          description={
            <List
              size="small"
              dataSource={conflicts}
              renderItem={(c) => (
                <List.Item>
                  {t('door.conflict', {
                    ticket: c.ticketId,
                    refusedGate: c.refused.gate,
                    refusedAt: formatDateTime(c.refused.at),
                    countedGate: c.counted.gate,
                    countedAt: formatDateTime(c.counted.at),
                  })}
                </List.Item>
              )}
            />
          }
        />
      )}
    </Flex>
  );
}
