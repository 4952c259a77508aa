import { StyleProvider } from '@ant-design/cssinjs';
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
    // antd's styles in a cascade layer of their own: the console's few rules (styles.css) win
    // without a specificity race.
    <StyleProvider layer>
      <ConfigProvider
        locale={i18n.language === 'en' ? enUS : zhCN}
        theme={{
          // Secondary and tertiary text darker than antd's defaults: WCAG AA contrast (4.5:1) on white and grey.
          token: {
            colorPrimary: '#0b6bcb',
            colorLink: '#0b6bcb',
            colorTextSecondary: 'rgba(0, 0, 0, 0.66)',
            colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
            colorTextDescription: 'rgba(0, 0, 0, 0.62)',
            colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
            // antd's red (#ff4d4f) is 3.3:1 on white: error text at the fields needs 4.5:1.
            colorError: '#c4161c',
            colorErrorText: '#c4161c',
            colorSuccessText: '#237804',
            colorWarningText: '#ad4e00',
          },
        }}
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
    </StyleProvider>
  );
}
