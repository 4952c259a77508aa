import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthProvider';

/** A signed-in user without any of the four roles: told why, and how to get one. */
export default function NoRole() {
  const { t } = useTranslation();
  const auth = useAuth();
  return (
    <main data-testid="no-role">
      <Result
        status="info"
        title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('noRole.title')}</h1>}
        subTitle={t('noRole.description', { username: auth.principal?.username ?? '' })}
        extra={
          <Button type="primary" onClick={() => void auth.logout()}>
            {t('noRole.logout')}
          </Button>
        }
      />
    </main>
  );
}
