import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { FairView } from '@qingshui/contracts';
import { isLive, RegistrationStatusTag, useMyRegistration, useTicketTypes } from './registrationUi';

/**
 * Registration on a fair's page: the places left of each ticket type (public counts, live from the
 * fair's room), my registration, links to registering and my tickets, and for the organiser the
 * ticket types and the registrations. Mount it on FairPage with the fair read there:
 * `<FairRegistrationsPanel fair={fair} />`.
 */
export function FairRegistrationsPanel({ fair }: { fair: FairView }) {
  const { t } = useTranslation('fairs-registrations');
  const types = useTicketTypes(fair.id);
  const mine = useMyRegistration(fair.id);
  if (fair.status === 'draft' && !fair.canManage) return null;
  const open = fair.status === 'visitors-open' || fair.status === 'running';
  return (
    <Card title={t('panel.title')} data-testid="fair-registrations-panel">
      <Flex vertical gap={8}>
        {(types.data?.data.types ?? []).map((type) => (
          <Typography.Text key={type.id} data-testid={`panel-places-${type.id}`}>
            {type.name}：
            {type.places
              .map((d) => t('register.placesLeft', { date: d.date, left: d.left, waiting: d.waiting }))
              .join('；')}
          </Typography.Text>
        ))}
        {mine.data && (
          <Flex gap={8} align="center">
            {t('panel.mine')}
            <RegistrationStatusTag status={mine.data.status} />
          </Flex>
        )}
        {open && (
          <Link to={`/fairs/${fair.id}/register`} data-testid="fair-register">
            {mine.data && isLive(mine.data.status) ? t('panel.myRegistration') : t('panel.register')}
          </Link>
        )}
        {mine.data?.status === 'confirmed' && (
          <Link to={`/fairs/tickets?fairId=${fair.id}`} data-testid="fair-my-tickets">
            {t('panel.tickets')}
          </Link>
        )}
        {fair.canManage && (
          <>
            <Link to={`/fairs/${fair.id}/ticket-types`} data-testid="fair-ticket-types">
              {t('panel.ticketTypes')}
            </Link>
            <Link to={`/fairs/${fair.id}/registrations`} data-testid="fair-registrations">
              {t('panel.registrations')}
            </Link>
          </>
        )}
      </Flex>
    </Card>
  );
}
