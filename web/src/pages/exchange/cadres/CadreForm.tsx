import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CadreLevel } from '@qingshui/contracts';

export interface CadreValues {
  name: string;
  unitId: string;
  unitName: string;
  position: string;
  level: CadreLevel;
  fields: string[];
  languages: string[];
}
const LEVELS: CadreLevel[] = ['division', 'deputy-division', 'section', 'deputy-section', 'staff'];

/** The fields of a cadre profile (the unit only when it is new: a profile stays in its unit). */
export function CadreFields({ withUnit }: { withUnit: boolean }) {
  const { t } = useTranslation('exchange-cadres');
  const { t: tp } = useTranslation('exchange-postings');
  return (
    <>
      <Form.Item name="name" label={t('fields.name')} rules={[{ required: true, min: 2, max: 40 }]}>
        <Input data-testid="cadre-name" />
      </Form.Item>
      {withUnit && (
        <>
          <Form.Item name="unitName" label={t('fields.unit')} rules={[{ required: true, min: 2 }]}>
            <Input data-testid="cadre-unit-name" />
          </Form.Item>
          <Form.Item name="unitId" label={t('fields.unitId')} rules={[{ required: true }]}>
            <Input data-testid="cadre-unit-id" />
          </Form.Item>
        </>
      )}
      <Form.Item name="position" label={t('fields.position')} rules={[{ required: true, min: 2 }]}>
        <Input data-testid="cadre-position" />
      </Form.Item>
      <Form.Item name="level" label={t('fields.level')} rules={[{ required: true }]}>
        <Select
          options={LEVELS.map((l) => ({ value: l, label: tp(`level.${l}`) }))}
          data-testid="cadre-level"
        />
      </Form.Item>
      <Form.Item name="fields" label={t('fields.fields')}>
        <Select mode="tags" />
      </Form.Item>
      <Form.Item name="languages" label={t('fields.languages')}>
        <Select mode="tags" />
      </Form.Item>
    </>
  );
}
