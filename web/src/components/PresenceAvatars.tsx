import { EditOutlined } from '@ant-design/icons';
import { Avatar, Tooltip, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { regionById } from '@qingshui/regions';
import { regionName } from '../app/regionName';
import { usePresence, type PresentPerson } from '../realtime/usePresence';

const EDITING_COLOR = '#fa8c16';
const VIEWING_COLOR = '#1677ff';

/** A readable unit where the id says one (`gov-xichuan`: 淅川县政府), else the organisation id. */
function useUnitLabel(): (unit: string | null) => string {
  const { t } = useTranslation('presence');
  return (unit) => {
    const region = /^gov-([a-z]+)$/.exec(unit ?? '')?.[1];
    if (region && regionById(region)) return t('government', { region: regionName(region) });
    return unit ?? '';
  };
}

function Person({ person }: { person: PresentPerson }) {
  const { t } = useTranslation('presence');
  const unitOf = useUnitLabel();
  const unit = unitOf(person.unit);
  return (
    <Tooltip
      title={
        <>
          <div>{person.name}</div>
          {unit && <div>{unit}</div>}
          <div>{t(person.editing ? 'editing' : 'viewing')}</div>
        </>
      }
    >
      <Avatar
        size="small"
        style={{ backgroundColor: person.editing ? EDITING_COLOR : VIEWING_COLOR }}
        icon={person.editing ? <EditOutlined /> : undefined}
        data-testid="presence-person"
        data-editing={person.editing}
      >
        {person.editing ? undefined : Array.from(person.name)[0]}
      </Avatar>
    </Tooltip>
  );
}

function Avatars({ room }: { room: string | undefined }) {
  const { t } = useTranslation('presence');
  const people = usePresence(room);
  if (people.length === 0) return null;
  return (
    <span data-testid="presence" aria-label={t('label', { count: people.length })}>
      <Typography.Text type="secondary" style={{ marginRight: 8, fontSize: 12 }}>
        {t('here', { count: people.length })}
      </Typography.Text>
      <Avatar.Group max={{ count: 5 }} size="small">
        {people.map((person) => (
          <Person key={person.userId} person={person} />
        ))}
      </Avatar.Group>
    </span>
  );
}

/**
 * Who else views or edits the record of a record room now (the current user left out), for a
 * record page's header: an avatar per person, the name, unit and what they do in its tooltip.
 */
export function PresenceAvatars({ room }: { room: string | undefined }) {
  // Its own boundary: loading the presence messages must not blank the page around it.
  return (
    <Suspense fallback={null}>
      <Avatars room={room} />
    </Suspense>
  );
}
