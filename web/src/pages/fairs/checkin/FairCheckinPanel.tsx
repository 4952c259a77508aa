import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Space, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { FairCounts, FairView } from '@qingshui/contracts';
import { api, download } from '../../../api/client';
import { usePrincipal } from '../../../auth/AuthProvider';
import { ListsEditor } from './ListsEditor';

/**
 * The fair page's check-in panel: for its organiser's staff and the pair's cadres the counts and
 * links to the door and the wall (and the check-ins' export); for enterprises the booth's leads.
 */
export function FairCheckinPanel({ fair }: { fair: FairView }) {
  const { t } = useTranslation('fairs-checkin');
  const principal = usePrincipal();
  const cadreOfPair =
    principal.roles.includes('cadre') && !!principal.region && fair.regions.includes(principal.region);
  const readsCounts = fair.canManage || cadreOfPair;
  const counts = useQuery({
    queryKey: ['fairs', fair.id, 'counts'],
    queryFn: ({ signal }) => api.get<FairCounts>(`/fairs/${fair.id}/counts`, undefined, signal),
    enabled: readsCounts && fair.status !== 'draft',
  });
  if (principal.roles.includes('enterprise') && !readsCounts)
    return (
      <Card title={t('panel.title')}>
        <Link to={`/fairs/leads?fair=${fair.id}`} data-testid="panel-leads">
          {t('panel.leads')}
        </Link>
      </Card>
    );
  if (!readsCounts) return null;
  const main = counts.data?.lists[0];
  return (
    <Card title={t('panel.title')} data-testid="fair-checkin-panel">
      <Flex vertical gap={12}>
        <Space size="large">
          <Statistic title={t('wall.checkedIn')} value={main?.checkedIn ?? 0} />
          <Statistic title={t('wall.inside')} value={main?.inside ?? 0} />
        </Space>
        <Space wrap>
          {fair.canManage && (
            <Link to={`/fairs/door?fair=${fair.id}`} data-testid="panel-door">
              <Button type="primary">{t('panel.door')}</Button>
            </Link>
          )}
          <Link to={`/fairs/${fair.id}/wall`} data-testid="panel-wall">
            <Button>{t('panel.wall')}</Button>
          </Link>
          {fair.canManage && <ListsEditor fair={fair} />}
          {fair.canManage && (
            <Button
              data-testid="panel-export"
              onClick={() =>
                void download(`/fairs/${fair.id}/admissions/export`, { format: 'xlsx' }, '入场记录.xlsx')
              }
            >
              {t('panel.export')}
            </Button>
          )}
        </Space>
      </Flex>
    </Card>
  );
}
