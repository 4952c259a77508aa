import type { CreateFairInput, FairStep } from '@qingshui/contracts';

/** A demo fair: who organises it, what it is, and the lifecycle steps it has been through. */
export interface DemoFair {
  organiser: 'demo-cadre-county' | 'demo-cadre-beijing' | 'demo-admin';
  fair: CreateFairInput;
  steps: FairStep[];
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
/** Days from today, so that the demo's past and upcoming fairs stay past and upcoming. */
const days = (fromToday: number, count: number, opensAt = '09:00', closesAt = '17:00') =>
  Array.from({ length: count }, (_, i) => ({
    date: isoDay(new Date(Date.now() + (fromToday + i) * 86_400_000)),
    opensAt,
    closesAt,
  }));

/**
 * One past fair with its whole history, and upcoming fairs in each province (河南, 湖北), with
 * the counties' produce: 软籽石榴, 香菇, 猕猴桃, 石斛, 柑橘, 茶叶, 黄酒.
 */
export function demoFairs(): DemoFair[] {
  return [
    {
      organiser: 'demo-cadre-beijing',
      steps: ['open-exhibitors', 'open-visitors', 'start', 'close'],
      fair: {
        title: '朝阳·淅川对口协作农产品进京展销周（秋季）',
        description:
          '淅川县“渠首印象”区域公用品牌首次集中进京：软籽石榴、丹江鱼、香菇酱等 60 余种产品，在朝阳区社区与商超同步展销。',
        pairIds: ['chaoyang-xichuan'],
        venue: { name: '朝阳区农产品流通服务中心', address: '北京市朝阳区十八里店乡周庄村' },
        days: days(-75, 3),
        zones: [
          { id: 'fresh', name: '生鲜果品区' },
          { id: 'brand', name: '渠首印象品牌区' },
        ],
        boothTypes: [
          { id: 'std', name: '标准展位（3×3 米）', sizeM2: 9, priceYuan: 0, count: 48, zoneId: 'fresh' },
          { id: 'brand', name: '品牌特装展位', sizeM2: 36, priceYuan: 0, count: 6, zoneId: 'brand' },
        ],
      },
    },
    {
      organiser: 'demo-cadre-county',
      steps: ['open-exhibitors'],
      fair: {
        title: '2027 南水北调中线水源区（河南）农产品北京推介会',
        description:
          '淅川、西峡、内乡等县的软籽石榴、香菇、猕猴桃、石斛进京推介，设采购商洽谈区，邀请北京商超、社区团购与餐饮企业到场对接。',
        pairIds: ['chaoyang-xichuan', 'shunyi-xixia', 'yanqing-neixiang'],
        venue: { name: '全国农业展览馆 1 号馆', address: '北京市朝阳区东三环北路16号' },
        days: days(60, 2, '09:00', '16:30'),
        zones: [
          { id: 'fresh', name: '生鲜果蔬区' },
          { id: 'fungi', name: '食用菌与山珍区' },
          { id: 'trade', name: '采购商洽谈区' },
        ],
        boothTypes: [
          { id: 'std', name: '标准展位（3×3 米）', sizeM2: 9, priceYuan: 0, count: 60, zoneId: 'fresh' },
          { id: 'fungi', name: '食用菌专区展位', sizeM2: 9, priceYuan: 0, count: 20, zoneId: 'fungi' },
          { id: 'table', name: '洽谈桌', sizeM2: 4, priceYuan: 0, count: 24, zoneId: 'trade' },
        ],
      },
    },
    {
      organiser: 'demo-admin',
      steps: [],
      fair: {
        title: '2027 湖北十堰水源区特色产品进京展（丹江口·竹溪·房县）',
        description: '丹江口柑橘、竹溪贡茶、房县黄酒与武当道茶集中展示，北京市对口协作办公室主办。',
        pairIds: ['haidian-danjiangkou', 'miyun-zhuxi', 'fangshan-fangxian'],
        venue: { name: '北京展览馆', address: '北京市西城区西直门外大街135号' },
        days: days(90, 3),
        zones: [
          { id: 'citrus', name: '柑橘果品区' },
          { id: 'tea', name: '茶叶与黄酒区' },
        ],
        boothTypes: [
          { id: 'std', name: '标准展位（3×3 米）', sizeM2: 9, priceYuan: 0, count: 50, zoneId: 'citrus' },
          { id: 'tea', name: '茶饮品鉴展位', sizeM2: 12, priceYuan: 1500, count: 16, zoneId: 'tea' },
        ],
      },
    },
  ];
}
