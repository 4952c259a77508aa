import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Flex, Row, Skeleton, Space, Tag, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { MyRegistrations, TicketList, TicketView } from '@qingshui/contracts';
import { api, download } from '../../../api/client';
import { describeError } from '../../../api/useApiMutation';
import { ErrorState } from '../../../components/ErrorState';
import { MyRegistrationCard } from './RegisterPage';

/** The token as a QR code, drawn in the browser (the token never leaves it for this). */
function TicketQr({ token, id }: { token: string; id: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(token, { errorCorrectionLevel: 'M', margin: 2, width: 240 }).then((url) => {
      if (live) setSrc(url);
    });
    return () => {
      live = false;
    };
  }, [token]);
  return src ? (
    <img src={src} width={240} height={240} alt="QR" data-testid={`ticket-qr-${id}`} data-token={token} />
  ) : (
    <Skeleton.Image active />
  );
}

function TicketCard({ ticket }: { ticket: TicketView }) {
  const { t } = useTranslation('fairs-registrations');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const get = (ext: 'png' | 'pdf') => () =>
    download(`/tickets/${ticket.id}/ticket.${ext}`, undefined, `ticket-${ticket.id}.${ext}`).catch(
      (error: unknown) => message.error(describeError(tc, error)),
    );
  return (
    <Card
      data-testid={`ticket-${ticket.id}`}
      title={ticket.fairTitle}
      extra={
        ticket.status === 'valid' ? (
          <Tag color="green">{t('ticket.valid')}</Tag>
        ) : (
          <Tag color="red">{t('ticket.revoked')}</Tag>
        )
      }
    >
      <Flex gap={16} wrap>
        {ticket.token ? (
          <TicketQr token={ticket.token} id={ticket.id} />
        ) : (
          <Typography.Text type="danger">{ticket.revokedReason}</Typography.Text>
        )}
        <Flex vertical gap={4}>
          <Typography.Text strong>{ticket.holder.name}</Typography.Text>
          {ticket.holder.organisation && <Typography.Text>{ticket.holder.organisation}</Typography.Text>}
          <Typography.Text>{ticket.typeName}</Typography.Text>
          <Typography.Text>{ticket.days.join('、')}</Typography.Text>
          {ticket.window && (
            <Typography.Text>{`${ticket.window.name} ${ticket.window.startsAt}-${ticket.window.endsAt}`}</Typography.Text>
          )}
          <Typography.Text type="secondary">{ticket.venue.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('ticket.number', { id: ticket.id, version: ticket.version })}
          </Typography.Text>
          {ticket.status === 'valid' && (
            <Space>
              <Button size="small" onClick={get('png')} data-testid={`ticket-png-${ticket.id}`}>
                {t('ticket.png')}
              </Button>
              <Button size="small" onClick={get('pdf')} data-testid={`ticket-pdf-${ticket.id}`}>
                {t('ticket.pdf')}
              </Button>
            </Space>
          )}
        </Flex>
      </Flex>
    </Card>
  );
}

/** 我的门票: my registrations (offers to answer) and my tickets with their QR codes. */
export default function MyTicketsPage() {
  const { t } = useTranslation('fairs-registrations');
  const [params] = useSearchParams();
  const fairId = params.get('fairId') ?? undefined;
  const regs = useQuery({
    queryKey: ['fairs', 'registrations', 'mine'],
    queryFn: ({ signal }) => api.get<MyRegistrations>('/me/fair-registrations', undefined, signal),
  });
  const tickets = useQuery({
    queryKey: ['fairs', 'tickets', 'mine', fairId ?? ''],
    queryFn: ({ signal }) => api.get<TicketList>('/me/tickets', fairId ? { fairId } : undefined, signal),
  });
  if (regs.error || tickets.error)
    return <ErrorState error={regs.error ?? tickets.error} onRetry={() => void tickets.refetch()} />;
  if (!regs.data || !tickets.data) return <Skeleton active />;
  const open = regs.data.items.filter((r) => ['offered', 'waiting', 'awaiting-approval'].includes(r.status));
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3}>{t('ticket.title')}</Typography.Title>
      {open.length > 0 && (
        <Row gutter={[16, 16]}>
          {open.map((r) => (
            <Col key={r.id} xs={24} md={12}>
              <Typography.Text strong>
                <Link to={`/fairs/${r.fairId}`}>{r.fairTitle}</Link>
              </Typography.Text>
              <MyRegistrationCard registration={r} fairId={r.fairId} />
            </Col>
          ))}
        </Row>
      )}
      {tickets.data.items.length === 0 ? (
        <Empty description={t('ticket.none')} data-testid="tickets-empty" />
      ) : (
        <Row gutter={[16, 16]}>
          {tickets.data.items.map((ticket) => (
            <Col key={ticket.id} xs={24} lg={12}>
              <TicketCard ticket={ticket} />
            </Col>
          ))}
        </Row>
      )}
    </Flex>
  );
}
