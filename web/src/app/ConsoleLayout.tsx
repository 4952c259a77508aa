import { BellOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Divider, Dropdown, Flex, Layout, List, Menu, Popover, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth, usePrincipal } from '../auth/AuthProvider';
import { formatDateTime } from '../i18n/format';
import { useRealtime, type ConnectionState } from '../realtime/RealtimeProvider';
import { LanguageSwitch } from './LanguageSwitch';
import { regionName } from './regionName';
import { menuOf } from './routes';
import {
  INBOX_GROUP,
  linkOf,
  markAllRead as markAllInboxRead,
  markRead,
  useInboxEvents,
  useInboxPage,
  useUnreadCount,
} from '../pages/exchange/inbox/inboxApi';

const CONNECTION_COLOR: Record<ConnectionState, string> = {
  connecting: 'processing',
  connected: 'success',
  reconnecting: 'warning',
  offline: 'error',
};

function ConnectionBadge() {
  const { t } = useTranslation();
  const { state } = useRealtime();
  return (
    <span role="status" aria-live="polite" data-connection={state}>
      <Badge status={CONNECTION_COLOR[state] as 'success'} text={t(`connection.${state}`)} />
    </span>
  );
}

/**
 * The header's bell: the persistent exchange inbox (unread count live, the latest items, mark read,
 * the whole inbox a click away), then this session's live notes of the other areas. The count
 * follows the inbox's socket events, read again from REST.
 */
function Notifications() {
  const { t } = useTranslation();
  const inboxT = useTranslation('exchange-inbox', { useSuspense: false }).t;
  const navigate = useNavigate();
  const principal = usePrincipal();
  const { notifications, markAllRead } = useRealtime();
  // The exchange inbox is the cadres' and the office's: other roles are never addressed by it.
  const hasInbox = principal.roles.some((role) => role === 'cadre' || role === 'admin');
  useInboxEvents();
  const count = useUnreadCount(hasInbox);
  const [open, setOpen] = useState(false);
  const latest = useInboxPage({ page: 1, pageSize: 8, order: 'unread' }, open && hasInbox);
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: [INBOX_GROUP] });
  const sessionUnread = notifications.filter((n) => !n.read).length;
  const unread = (count.data?.unread ?? 0) + sessionUnread;
  const items = latest.data?.items ?? [];
  const content = (
    <div style={{ width: 360, maxHeight: 460, overflow: 'auto' }} data-testid="notifications-panel">
      <List
        size="small"
        loading={latest.isLoading}
        locale={{ emptyText: t('header.noNotifications') }}
        dataSource={items}
        renderItem={(item) => (
          <List.Item
            data-testid={`bell-item-${item.id}`}
            onClick={() => {
              setOpen(false);
              if (!item.read) void markRead(item.id).then(refresh, refresh);
              navigate(linkOf(item));
            }}
            style={{ cursor: 'pointer', fontWeight: item.read ? 'normal' : 600 }}
          >
            <List.Item.Meta
              title={
                <a href={linkOf(item)} onClick={(e) => e.preventDefault()}>
                  {item.title}
                </a>
              }
              description={`${inboxT(`kind.${item.kind}`, { defaultValue: '' })} · ${formatDateTime(item.createdAt)}`}
            />
          </List.Item>
        )}
      />
      <Flex justify="space-between">
        {(count.data?.unread ?? 0) > 0 ? (
          <Button
            type="link"
            onClick={() => void markAllInboxRead().then(refresh, refresh)}
            data-testid="bell-read-all"
          >
            {t('header.markAllRead')}
          </Button>
        ) : (
          <span />
        )}
        {hasInbox && (
          <Button
            type="link"
            onClick={() => {
              setOpen(false);
              navigate('/exchange/inbox');
            }}
          >
            {inboxT('viewAll', { defaultValue: '查看全部消息' })}
          </Button>
        )}
      </Flex>
      {notifications.length > 0 && (
        <>
          <Divider style={{ margin: '8px 0' }} />
          <List
            size="small"
            dataSource={notifications}
            renderItem={(n) => (
              <List.Item
                onClick={() => {
                  setOpen(false);
                  if (n.link) navigate(n.link);
                }}
                style={{ cursor: n.link ? 'pointer' : 'default', fontWeight: n.read ? 'normal' : 600 }}
              >
                <List.Item.Meta
                  title={
                    n.link ? (
                      <a href={n.link} onClick={(e) => e.preventDefault()}>
                        {t(`notify.${n.key}`, n.values)}
                      </a>
                    ) : (
                      t(`notify.${n.key}`, n.values)
                    )
                  }
                  description={formatDateTime(n.at)}
                />
              </List.Item>
            )}
          />
          <Button type="link" onClick={markAllRead}>
            {t('header.markAllRead')}
          </Button>
        </>
      )}
    </div>
  );
  return (
    <Popover
      content={content}
      title={t('header.notifications')}
      trigger="click"
      open={open}
      onOpenChange={setOpen}
    >
      <Badge count={unread} size="small" data-testid="notifications-count" data-count={unread}>
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={`${t('header.notifications')}${unread ? ` (${unread})` : ''}`}
          data-testid="notifications"
        />
      </Badge>
    </Popover>
  );
}

/** The signed-in frame: the role's menu, live connection state, notifications, language, account. */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const auth = useAuth();
  const principal = usePrincipal();
  const navigate = useNavigate();
  const location = useLocation();
  const menu = menuOf(principal.roles);
  const selected = menu
    .filter((route) => location.pathname === route.path || location.pathname.startsWith(`${route.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="qs-skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Sider
        breakpoint="lg"
        collapsedWidth={0}
        width={220}
        theme="light"
        style={{ borderRight: '1px solid #f0f0f0' }}
      >
        <div style={{ padding: '16px 20px' }}>
          <Typography.Title level={4} style={{ margin: 0, color: '#0b6bcb' }}>
            {t('app.title')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('app.subtitle')}
          </Typography.Text>
        </div>
        <nav aria-label={t('app.title')}>
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            items={menu.map((route) => ({ key: route.path, label: t(`nav.${route.nav}`) }))}
            onClick={({ key }) => navigate(key)}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 16px', borderBottom: '1px solid #f0f0f0' }}>
          <Flex justify="flex-end" align="center" gap={16} style={{ height: '100%' }}>
            <ConnectionBadge />
            <Notifications />
            <LanguageSwitch />
            <Dropdown
              menu={{
                items: [
                  ...(auth.accountUrl
                    ? [
                        {
                          key: 'account',
                          icon: <UserOutlined />,
                          label: <a href={auth.accountUrl}>{t('header.account')}</a>,
                        },
                      ]
                    : []),
                  {
                    key: 'logout',
                    icon: <LogoutOutlined />,
                    label: t('header.logout'),
                    onClick: () => void auth.logout(),
                  },
                ],
              }}
            >
              <Button type="text" data-testid="user-menu">
                {principal.name ?? principal.username}
                {principal.roles.map((role) => (
                  <Tag key={role} color="blue" style={{ marginInlineStart: 6 }}>
                    {t(`roles.${role}`)}
                  </Tag>
                ))}
                {principal.region && (
                  <span style={{ marginInlineStart: 4 }}>{regionName(principal.region)}</span>
                )}
              </Button>
            </Dropdown>
          </Flex>
        </Layout.Header>
        <Layout.Content id="main" tabIndex={-1} style={{ padding: 24 }}>
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
