import { Alert, Button, Card, Flex, Form, Input, Layout, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceSession } from '@qingshui/contracts';
import { request } from '../../../api/client';
import { DoorScanner } from './DoorScanner';
import { LeadCapture, leadRefusalKey } from './LeadCapture';

const STORAGE = 'qingshui.device';

/** The fair id of `/device/<fairId>`. */
const fairIdOfPath = () => decodeURIComponent(window.location.pathname.split('/')[2] ?? '');

/**
 * A scan-only device (扫码设备): no sign-in, only the code its exhibitor or the organiser made. It
 * scans leads for its exhibitor, or tickets at a door for the organiser's volunteers.
 */
export default function DevicePage() {
  const { t } = useTranslation('fairs-checkin');
  const fairId = fairIdOfPath();
  const given = new URLSearchParams(window.location.search).get('code') ?? undefined;
  const [code, setCode] = useState<string | undefined>(
    () => given ?? window.localStorage.getItem(`${STORAGE}:${fairId}`) ?? undefined,
  );
  const [typed, setTyped] = useState('');
  const [session, setSession] = useState<DeviceSession>();
  const [error, setError] = useState<string>();
  const [listId, setListId] = useState('main');
  const [gate, setGate] = useState('');
  const open = async (candidate: string) => {
    setError(undefined);
    try {
      const { data } = await request<DeviceSession>('POST', `/fairs/${fairId}/device/session`, {
        body: { deviceCode: candidate },
      });
      window.localStorage.setItem(`${STORAGE}:${fairId}`, candidate);
      setCode(candidate);
      setSession(data);
    } catch (e) {
      window.localStorage.removeItem(`${STORAGE}:${fairId}`);
      setCode(undefined);
      setError(t(leadRefusalKey(e)));
    }
  };
  if (code && !session && !error) void open(code);
  const setup = useMemo(
    () => (session && code && gate ? { fairId, listId, gate, deviceCode: code } : undefined),
    [session, code, gate, fairId, listId],
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Content style={{ padding: 16, maxWidth: 720, margin: '0 auto', width: '100%' }}>
        <Flex vertical gap={16}>
          <Typography.Title level={3}>{session?.fair.title ?? t('device.title')}</Typography.Title>
          {error && <Alert type="error" showIcon data-testid="device-error" message={error} />}
          {!session && (
            <Card>
              <Form layout="vertical" onFinish={() => void open(typed.trim())}>
                <Form.Item label={t('device.code')}>
                  <Input
                    data-testid="device-code-input"
                    value={typed}
                    onChange={(e) => setTyped(e.target.value)}
                    placeholder="QSD-XXXX-XXXX-XXXX-XXXX"
                  />
                </Form.Item>
                <Button type="primary" htmlType="submit" data-testid="device-open" disabled={!typed.trim()}>
                  {t('device.open')}
                </Button>
              </Form>
            </Card>
          )}
          {session && (
            <Typography.Text data-testid="device-session">
              {session.device.kind === 'lead'
                ? t('device.forExhibitor', { name: session.exhibitorName ?? '', label: session.device.label })
                : t('device.forDoor', { label: session.device.label })}
            </Typography.Text>
          )}
          {session?.device.kind === 'lead' && code && (
            <LeadCapture fairId={fairId} products={[]} deviceCode={code} />
          )}
          {session?.device.kind === 'door' && (
            <Card>
              <Flex vertical gap={12}>
                <Flex gap={8} wrap>
                  <Select
                    style={{ minWidth: 180 }}
                    value={listId}
                    onChange={setListId}
                    options={(session.lists ?? []).map((l) => ({ value: l.id, label: l.name }))}
                  />
                  <Input
                    style={{ maxWidth: 200 }}
                    data-testid="device-gate"
                    placeholder={t('door.gatePlaceholder')}
                    onBlur={(e) => setGate(e.target.value.trim())}
                    onPressEnter={(e) => setGate((e.target as HTMLInputElement).value.trim())}
                  />
                </Flex>
                {setup && (
                  <DoorScanner
                    setup={setup}
                    exits={session.lists?.find((l) => l.id === listId)?.exits ?? false}
                  />
                )}
              </Flex>
            </Card>
          )}
        </Flex>
      </Layout.Content>
    </Layout>
  );
}
