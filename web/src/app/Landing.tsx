import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthProvider';
import { LanguageSwitch } from './LanguageSwitch';

/** The signed-out page: what the platform is, and the way in through Keycloak. */
export function Landing() {
  const { t } = useTranslation();
  const auth = useAuth();
  return (
    <main style={{ minHeight: '100vh', background: 'linear-gradient(160deg, #e6f4ff 0%, #f6ffed 100%)' }}>
      <Flex justify="flex-end" style={{ padding: 16 }}>
        <LanguageSwitch />
      </Flex>
      <Flex justify="center" style={{ padding: '8vh 16px' }}>
        <Card style={{ maxWidth: 640, width: '100%' }}>
          <Typography.Title level={1} style={{ marginTop: 0 }}>
            {t('landing.heading')}
          </Typography.Title>
          <Typography.Paragraph>{t('landing.lead')}</Typography.Paragraph>
          {auth.status === 'error' ? (
            <Alert
              type="error"
              showIcon
              title={t('landing.configError', { message: auth.error ?? '' })}
              action={<Button onClick={() => window.location.reload()}>{t('landing.retry')}</Button>}
            />
          ) : (
            <Flex vertical gap={8} align="flex-start">
              <Button type="primary" size="large" onClick={() => void auth.login()}>
                {t('landing.login')}
              </Button>
              <Typography.Text type="secondary">{t('landing.loginHint')}</Typography.Text>
            </Flex>
          )}
        </Card>
      </Flex>
    </main>
  );
}
