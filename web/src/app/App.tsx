import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router-dom';
import { isApiError } from '../api/client';
import { AuthProvider } from '../auth/AuthProvider';
import { AppRoutes } from './AppRoutes';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Realtime events make queries stale; polling is not needed, and a refocus refetch is cheap.
      staleTime: 30_000,
      // 4xx answers are final (403, 404, validation); retry only what may pass on a second try.
      retry: (failures, error) =>
        failures < 2 && (!isApiError(error) || error.status === 0 || error.status === 503),
    },
  },
});

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#0b6bcb' } }}
      // Chinese labels keep their spacing (antd would write 登 录); tests and screen readers see the words.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <AuthProvider>
            <BrowserRouter>
              <AppRoutes />
            </BrowserRouter>
          </AuthProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
