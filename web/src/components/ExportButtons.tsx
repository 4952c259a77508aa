import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download, type Query } from '../api/client';

/**
 * Downloads a list as CSV or Excel with the filters on screen: `path` is the list's declared
 * export (e.g. /fairs/export); the file holds every page the list would show.
 */
export function ExportButtons({ path, query, testId }: { path: string; query?: Query; testId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'csv' | 'xlsx') => {
    setBusy(true);
    try {
      await download(path, { ...query, format }, `export.${format}`);
    } catch (error) {
      void message.error(t('export.failed', { reason: (error as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dropdown
      menu={{
        items: [
          { key: 'xlsx', label: t('export.xlsx'), onClick: () => void run('xlsx') },
          { key: 'csv', label: t('export.csv'), onClick: () => void run('csv') },
        ],
      }}
    >
      <Button icon={<DownloadOutlined />} loading={busy} data-testid={testId ?? 'export'}>
        {t('export.button')}
      </Button>
    </Dropdown>
  );
}
