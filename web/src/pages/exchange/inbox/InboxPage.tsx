import { useState } from 'react';
import { Badge, Button, Card, Empty, Flex, List, Segmented, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { InboxEntry } from '@qingshui/contracts';
import { useApiMutation } from '../../../api/useApiMutation';
import { ErrorState } from '../../../components/ErrorState';
import { formatDateTime } from '../../../i18n/format';
import { INBOX_GROUP, linkOf, markAllRead, markRead, useInboxEvents, useInboxPage } from './inboxApi';

const NS = 'exchange-inbox';
const PAGE_SIZE = 20;

/** The persistent inbox: what the exchange steps addressed to the user, their unit or the office. */
export default function InboxPage() {
  const { t } = useTranslation(NS);
  const navigate = useNavigate();
  const [order, setOrder] = useState<'unread' | 'newest'>('unread');
  const [page, setPage] = useState(1);
  useInboxEvents();
  const inbox = useInboxPage({ page, pageSize: PAGE_SIZE, order });
  const one = useApiMutation((id: string) => markRead(id), { invalidates: [INBOX_GROUP] });
  const all = useApiMutation(() => markAllRead(), { invalidates: [INBOX_GROUP] });
  if (inbox.error) return <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />;
  const data = inbox.data;
  const open = (item: InboxEntry) => {
    if (!item.read) one.mutate(item.id);
    navigate(linkOf(item));
  };
  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('intro')}</Typography.Text>
      </div>
      <Card
        title={
          <Flex gap={12} align="center">
            <Badge count={data?.unread ?? 0} showZero={false} />
            <span data-testid="inbox-unread">{t('unread', { count: data?.unread ?? 0 })}</span>
          </Flex>
        }
        extra={
          <Flex gap={8}>
            <Segmented
              value={order}
              onChange={(value) => {
                setOrder(value as 'unread' | 'newest');
                setPage(1);
              }}
              options={[
                { value: 'unread', label: t('order.unread') },
                { value: 'newest', label: t('order.newest') },
              ]}
            />
            <Button onClick={() => all.mutate()} disabled={!data?.unread} loading={all.isPending}>
              {t('markAllRead')}
            </Button>
          </Flex>
        }
      >
        <List
          loading={inbox.isLoading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description={t('empty')} /> }}
          pagination={
            data && data.total > PAGE_SIZE
              ? { current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage }
              : false
          }
          renderItem={(item) => (
            <List.Item
              data-testid={`inbox-item-${item.id}`}
              data-read={item.read}
              actions={[
                <Button key="open" type="link" onClick={() => open(item)}>
                  {t('open')}
                </Button>,
                ...(item.read
                  ? []
                  : [
                      <Button key="read" type="link" onClick={() => one.mutate(item.id)}>
                        {t('markRead')}
                      </Button>,
                    ]),
              ]}
            >
              <List.Item.Meta
                title={
                  <Flex gap={8} align="center" wrap>
                    {!item.read && <Badge status="processing" />}
                    <Tag color={item.read ? 'default' : 'blue'}>{t(`kind.${item.kind}`)}</Tag>
                    <span style={{ fontWeight: item.read ? 'normal' : 600 }}>{item.title}</span>
                  </Flex>
                }
                description={
                  <Flex vertical gap={2}>
                    <span>{item.body}</span>
                    <Typography.Text type="secondary">
                      {t(`as.${item.as}`)} · {formatDateTime(item.createdAt)}
                    </Typography.Text>
                  </Flex>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Flex>
  );
}
