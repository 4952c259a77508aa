// Ids the parts' demo data share: the Beijing investor with a console login, whose enterprise
// record (enterprises part), needs (needs part) and leads (leads part) name each other.
export const DEMO_INVESTOR = {
  username: 'demo-investor',
  orgId: 'ent-bj-qingyuan-env',
  enterpriseId: 'ent-bj-qingyuan-env',
  name: '北京清源环保科技有限公司',
  region: 'chaoyang',
  person: { familyName: '孙', givenName: '立新' },
} as const;
