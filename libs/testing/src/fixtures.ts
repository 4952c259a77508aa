import type { CreateExpertRequest } from '@qingshui/contracts';

/** The demo experts' own profiles, shared by the seed, the end-to-end tests and the benchmarks. */
export const DEMO_EXPERT_PROFILES = {
  'demo-expert': {
    name: '李森',
    institution: '北京林业大学',
    title: '教授',
    fields: ['ecology-water', 'agriculture'],
    skills: ['水土保持', '面源污染治理', '生态修复'],
    bio: '长期从事丹江口库区水土保持与生态修复研究，参与“院士专家库区行”十余次，为淅川、西峡等县提供水源涵养林建设方案。',
    region: 'haidian',
    honours: ['国家科技进步二等奖'],
    languages: ['中文', '英语'],
    contact: { email: 'lisen@bjfu.example', phone: '+86 10 6233 0000' },
    contactVisibility: 'cadres',
  },
  'demo-expert2': {
    name: '陈静',
    institution: '北京协和医院',
    title: '主任医师',
    fields: ['medicine', 'education'],
    skills: ['远程会诊', '基层医生培训', '慢病管理'],
    bio: '北京医疗专家组成员，在郧阳区人民医院开展帮扶，推动远程会诊平台建设和县域医共体人才培养。',
    region: 'dongcheng',
  },
} satisfies Record<string, CreateExpertRequest>;

/** The demo cadre of each county (`demo-cadre-<county>`): their names, shared by every service's demo data. */
export const DEMO_COUNTY_CADRE_NAMES: Readonly<Record<string, string>> = {
  xichuan: '刘丹水',
  xixia: '王伏牛',
  neixiang: '张湍河',
  dengzhou: '李穰城',
  luanchuan: '赵君山',
  lushi: '孙洛源',
  danjiangkou: '周汉江',
  yunyang: '吴汉水',
  zhangwan: '郑百二',
  maojian: '冯武当',
  yunxi: '陈天河',
  wudangshan: '褚玄岳',
  fangxian: '卫诗经',
  zhushan: '蒋堵河',
  zhuxi: '沈鄂坪',
  shennongjia: '韩木鱼',
};
