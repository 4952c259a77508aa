/**
 * Demo and reference data for `npm run up`, written through the same paths users take:
 * the 16 pairs into the reference database, and the demo experts' profiles through the gateway
 * API with their own tokens (so their events flow through Kafka like any other change).
 * Idempotent: a second run changes nothing.
 */
import mongoose from 'mongoose';
import { PAIRS } from '@qingshui/regions';
import { getToken, infraEnv } from '@qingshui/testing';

const gateway = process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:3000';

const demoExperts = [
  {
    user: 'demo-expert',
    profile: {
      name: '李森',
      institution: '北京林业大学',
      title: '教授',
      fields: ['ecology-water', 'agriculture'],
      skills: ['水土保持', '面源污染治理', '生态修复', '库区消落带治理'],
      bio: '长期从事丹江口库区水土保持与生态修复研究，参与“院士专家库区行”十余次，为淅川、西峡等县提供水源涵养林建设方案。',
      region: 'haidian',
    },
  },
  {
    user: 'demo-expert2',
    profile: {
      name: '陈静',
      institution: '北京协和医院',
      title: '主任医师',
      fields: ['medicine', 'education'],
      skills: ['远程会诊', '基层医生培训', '慢病管理'],
      bio: '北京医疗专家组成员，在郧阳区人民医院开展帮扶，推动远程会诊平台建设和县域医共体人才培养。',
      region: 'dongcheng',
    },
  },
];

async function seedPairs(): Promise<void> {
  const connection = await mongoose
    .createConnection(infraEnv().mongoUrl, { dbName: 'qingshui_reference' })
    .asPromise();
  const pairs = connection.collection<{ _id: string }>('pairs');
  for (const pair of PAIRS) {
    await pairs.replaceOne({ _id: pair.id }, { _id: pair.id, ...pair }, { upsert: true });
  }
  await connection.close();
  console.log(`  reference: ${PAIRS.length} district-county pairs`);
}

/** Right after start the consumer groups may still be settling: a 503 is retried for up to a minute. */
async function postRetrying503(url: string, token: string, body: unknown): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 503 || attempt === 12) return response;
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
}

async function seedExperts(): Promise<void> {
  for (const { user, profile } of demoExperts) {
    const token = await getToken(user);
    const response = await postRetrying503(`${gateway}/api/v1/experts`, token, profile);
    if (response.status !== 201 && response.status !== 409) {
      throw new Error(`seeding ${user}: HTTP ${response.status} ${await response.text()}`);
    }
    console.log(
      `  expert: ${profile.name} (${user}) ${response.status === 201 ? 'created' : 'already there'}`,
    );
  }
}

seedPairs()
  .then(seedExperts)
  .catch((error: unknown) => {
    console.error('seed failed:', error);
    process.exit(1);
  });
