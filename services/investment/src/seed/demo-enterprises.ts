import type { CreateEnterpriseInput } from '@qingshui/contracts';
import { DEMO_INVESTOR } from './demo-ids';

// Demo enterprise records (issue #11, item 10): Beijing investors of the 16 districts and
// enterprises of the water-source counties, with valid unified social credit codes, phones and
// emails, created through the API as the demo admin. Two records are planted duplicates (another
// spelling of an investor, without its code but with its phone or email) to merge in the console.

export interface DemoEnterprise extends CreateEnterpriseInput {
  id: string;
  name: string;
  region: string;
}

/** The demo records, in creation order; the planted duplicates come last. */
export const DEMO_ENTERPRISE_RECORDS: readonly DemoEnterprise[] = [
  {
    id: DEMO_INVESTOR.enterpriseId,
    orgId: DEMO_INVESTOR.orgId,
    name: DEMO_INVESTOR.name,
    region: DEMO_INVESTOR.region,
    creditCode: '91110105MA0J9GYLG7',
    phone: '010-65907132',
    email: 'touzi@qingyuan-env.example.cn',
  },
  {
    id: 'ent-bj-jingneng-green',
    name: '北京京能绿电新能源有限公司',
    region: 'chaoyang',
    creditCode: '91110105MA0TW2Y659',
    phone: '010-85236610',
    email: 'bd@jnlvdian.example.cn',
  },
  {
    id: 'ent-bj-zhongke-pv',
    name: '北京中科光伏科技股份有限公司',
    region: 'haidian',
    creditCode: '91110108MA0Y1B02LY',
    phone: '010-62558870',
    email: 'market@zkpv.example.cn',
  },
  {
    id: 'ent-bj-shouyuan-water',
    name: '北京首源水务集团有限公司',
    region: 'xicheng',
    creditCode: '91110102MA0WRN1KF4',
    phone: '010-66159021',
    email: 'hezuo@shouyuan-water.example.cn',
  },
  {
    id: 'ent-bj-baicaotang-tcm',
    name: '北京百草堂中医药科技有限公司',
    region: 'dongcheng',
    creditCode: '91110101MA06U2Q40G',
    phone: '010-64035518',
    email: 'info@baicaotang.example.cn',
  },
  {
    id: 'ent-bj-yanshan-materials',
    name: '北京燕山新材料科技有限公司',
    region: 'fangshan',
    creditCode: '91110111MA0NNTRRPJ',
    phone: '010-69341276',
    email: 'sales@yanshan-nm.example.cn',
  },
  {
    id: 'ent-bj-changcheng-tour',
    name: '北京长城文旅发展有限公司',
    region: 'yanqing',
    creditCode: '91110119MA01A4LB9X',
    phone: '010-69180355',
    email: 'wenlv@ccwl.example.cn',
  },
  {
    id: 'ent-bj-huairou-zhizao',
    name: '北京雁栖智造装备有限公司',
    region: 'huairou',
    creditCode: '91110116MA0Q9UH6EM',
    phone: '010-60681942',
    email: 'contact@yanqi-zz.example.cn',
  },
  {
    id: 'ent-bj-changping-bio',
    name: '北京生命谷生物医药产业投资有限公司',
    region: 'changping',
    creditCode: '91110114MA0HC9TJAY',
    phone: '010-80117263',
    email: 'invest@smgbio.example.cn',
  },
  {
    id: 'ent-bj-pinggu-fruit',
    name: '北京平谷鲜果农业发展有限公司',
    region: 'pinggu',
    creditCode: '91110117MA0NJCH724',
    phone: '010-69962157',
    email: 'taozi@pgxg.example.cn',
  },
  {
    id: 'ent-bj-tongzhou-logistics',
    name: '北京运河数智物流有限公司',
    region: 'tongzhou',
    creditCode: '91110112MA0JGE9E2A',
    phone: '010-81538406',
    email: 'wuliu@yhsz.example.cn',
  },
  {
    id: 'ent-bj-daxing-kangyi',
    name: '北京康颐养老服务有限公司',
    region: 'daxing',
    creditCode: '91110115MA0P63TJKY',
    phone: '010-69245530',
    email: 'service@kangyi.example.cn',
  },
  {
    id: 'ent-bj-miyun-eco',
    name: '北京密云水源生态农业有限公司',
    region: 'miyun',
    creditCode: '91110118MA0W7ECKM6',
    phone: '010-69041188',
    email: 'shengtai@myst.example.cn',
  },
  {
    id: 'ent-bj-shijingshan-wind',
    name: '北京石景山风电装备有限公司',
    region: 'shijingshan',
    creditCode: '91110107MA075K08QG',
    phone: '010-68872314',
    email: 'wind@sjsfd.example.cn',
  },
  {
    id: 'ent-bj-fengtai-edu',
    name: '北京丰台智学教育科技有限公司',
    region: 'fengtai',
    creditCode: '91110106MA0PDBF795',
    phone: '010-63812940',
    email: 'edu@zhixue.example.cn',
  },
  {
    id: 'ent-bj-mentougou-lvgu',
    name: '北京门头沟绿谷文旅有限公司',
    region: 'mentougou',
    creditCode: '91110109MA0T8J1UME',
    phone: '010-69842073',
    email: 'lvgu@mtglg.example.cn',
  },
  {
    id: 'ent-bj-shunyi-foods',
    name: '北京顺鑫食品加工有限公司',
    region: 'shunyi',
    creditCode: '91110113MA0D5R86ED',
    phone: '010-69448825',
    email: 'caigou@sxsp.example.cn',
  },
  {
    id: 'ent-qushou-agri',
    orgId: 'ent-qushou-agri',
    name: '淅川县渠首农业开发有限公司',
    region: 'xichuan',
    creditCode: '91411326MA0QB0D3Y4',
    phone: '0377-69236618',
    email: 'qushou@qsny.example.cn',
  },
  {
    id: 'ent-xixia-fungi',
    orgId: 'ent-xixia-fungi',
    name: '西峡县宛西香菇产业有限公司',
    region: 'xixia',
    creditCode: '91411323MA08HJUNY3',
    phone: '0377-69661205',
    email: 'xianggu@wxxg.example.cn',
  },
  {
    id: 'ent-neixiang-herb',
    orgId: 'ent-neixiang-herb',
    name: '内乡县宝天曼中药材种植有限公司',
    region: 'neixiang',
    creditCode: '91411325MA077FCQFQ',
    phone: '0377-65338726',
    email: 'yaocai@btm.example.cn',
  },
  {
    id: 'ent-danjiangkou-fishery',
    name: '丹江口市汉江水产科技有限公司',
    region: 'danjiangkou',
    creditCode: '91420381MA0XQFWCJP',
    phone: '0719-5238816',
    email: 'shuichan@hjsc.example.cn',
  },
  {
    id: 'ent-yunyang-turquoise',
    name: '十堰市郧阳区绿松石文化旅游有限公司',
    region: 'yunyang',
    creditCode: '91420304MA0UEAPUUF',
    phone: '0719-7226390',
    email: 'lvsongshi@yylss.example.cn',
  },
  {
    id: 'ent-zhushan-wind',
    name: '竹山县秦巴风电开发有限公司',
    region: 'zhushan',
    creditCode: '91420323MA057A14LN',
    phone: '0719-4213357',
    email: 'fengdian@qbfd.example.cn',
  },
  {
    id: 'ent-fangxian-wine',
    name: '房县黄酒酿造有限公司',
    region: 'fangxian',
    creditCode: '91420325MA0R7H85JC',
    phone: '0719-3226741',
    email: 'huangjiu@fxhj.example.cn',
  },
  {
    id: 'ent-shennongjia-tea',
    name: '神农架林区高山茶业有限公司',
    region: 'shennongjia',
    creditCode: '91429021MA0KWW7M3H',
    phone: '0719-3336092',
    email: 'cha@snjgs.example.cn',
  },
  {
    id: 'ent-lushi-honey',
    orgId: 'ent-lushi-honey',
    name: '卢氏县豫西蜂业有限公司',
    region: 'lushi',
    creditCode: '91411224MA0RA9M3TY',
    phone: '0398-7852214',
    email: 'fengmi@yxfy.example.cn',
  },
  {
    id: 'ent-luanchuan-pv',
    name: '栾川县伏牛山光伏发电有限公司',
    region: 'luanchuan',
    creditCode: '91410324MA0B8JEHW2',
    phone: '0379-66829513',
    email: 'guangfu@fnsgf.example.cn',
  },
  {
    id: 'ent-dengzhou-rose',
    orgId: 'ent-dengzhou-rose',
    name: '邓州市月季花卉产业有限公司',
    region: 'dengzhou',
    creditCode: '91411381MA0DY2JL5E',
    phone: '0377-62172680',
    email: 'yueji@dzyj.example.cn',
  },
  // Planted duplicates: entered again at a fair desk, without the code, another spelling.
  {
    id: 'ent-dup-qingyuan',
    name: '清源环保科技（北京）有限责任公司',
    region: 'chaoyang',
    phone: '010 6590 7132',
  },
  {
    id: 'ent-dup-shouyuan',
    name: '北京市首源水务集团',
    region: 'xicheng',
    email: 'HEZUO@shouyuan-water.example.cn',
  },
];

/** Planted duplicate → the record it duplicates (what the console's merge dialog is for). */
export const DEMO_PLANTED_DUPLICATES: Readonly<Record<string, string>> = {
  'ent-dup-qingyuan': DEMO_INVESTOR.enterpriseId,
  'ent-dup-shouyuan': 'ent-bj-shouyuan-water',
};

/** The demo records' ids and names (the leads part's demo names its leads' enterprises by them). */
export const DEMO_ENTERPRISES: readonly { id: string; name: string; region: string }[] =
  DEMO_ENTERPRISE_RECORDS.filter((e) => !(e.id in DEMO_PLANTED_DUPLICATES)).map(({ id, name, region }) => ({
    id,
    name,
    region,
  }));

export interface SeedEnterprisesOptions {
  /** The gateway's base URL, e.g. http://127.0.0.1:3000. */
  gateway: string;
  /** A token of a demo user by username (getToken of @qingshui/testing); the records are demo-admin's. */
  tokenOf: (username: string) => Promise<string>;
}

/**
 * Creates the demo records through the API as demo-admin. Idempotent: a record whose id or
 * credit code is on file already (409) is left as it is.
 */
export async function seedDemoEnterprises(
  options: SeedEnterprisesOptions,
): Promise<{ created: number; existing: number }> {
  const token = await options.tokenOf('demo-admin');
  let created = 0;
  let existing = 0;
  for (const record of DEMO_ENTERPRISE_RECORDS) {
    const response = await fetch(`${options.gateway}/api/v1/investment/enterprises`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(record),
    });
    const text = await response.text();
    if (response.status === 201) created += 1;
    else if (response.status === 409) existing += 1;
    else throw new Error(`POST /investment/enterprises ${record.id}: HTTP ${response.status} ${text}`);
  }
  return { created, existing };
}
