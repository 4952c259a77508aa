import { Alert, Card, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { FairView } from '@qingshui/contracts';
import { usePrincipal } from '../../../auth/AuthProvider';

/**
 * The call for exhibitors on a fair's page: links to applying (enterprises), the exhibitors and
 * the review queue, the booth map and rules. Mount it on FairPage with the fair read there:
 * `<FairExhibitorsPanel fair={fair} />`.
 */
export function FairExhibitorsPanel({ fair }: { fair: FairView }) {
  const { t } = useTranslation('fairs-exhibitors');
  const principal = usePrincipal();
  const enterprise = principal.roles.includes('enterprise');
  const open = fair.status === 'exhibitors-open';
  if (fair.status === 'draft') return null;
  return (
    <Card title={t('panel.title')} data-testid="fair-exhibitors-panel">
      <Flex vertical gap={8}>
        <Alert
          type={open ? 'success' : 'info'}
          showIcon
          title={open ? t('panel.callOpen') : t('panel.callClosed')}
        />
        {enterprise && (
          <Link to={`/fairs/${fair.id}/apply`} data-testid="fair-exhibitors-apply">
            {open ? t('panel.apply') : t('panel.myApplication')}
          </Link>
        )}
        <Link to={`/fairs/${fair.id}/exhibitors`} data-testid="fair-exhibitors-list">
          {fair.canManage ? t('panel.review') : t('panel.exhibitors')}
        </Link>
        <Link to={`/fairs/${fair.id}/booths`} data-testid="fair-exhibitors-booths">
          {fair.canManage ? `${t('panel.booths')} · ${t('panel.rules')}` : t('panel.booths')}
        </Link>
      </Flex>
    </Card>
  );
}

export default FairExhibitorsPanel;
