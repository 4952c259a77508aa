import { Input } from 'antd';

/**
 * Picks an enterprise record for a lead (leads part's forms), showing possible duplicates as the
 * name, credit code or contact is typed. STUB: the enterprises part writes it.
 */
export function EnterpriseSelect(props: { value?: string; onChange?: (enterpriseId: string) => void }) {
  return <Input value={props.value} onChange={(e) => props.onChange?.(e.target.value)} />;
}
