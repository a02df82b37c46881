// Messages of issue 13's plain-language and phone work (merged into the catalogue by messages.ts):
// stage order, schedules of meeting series in words, the audit page's labels, calendar addresses.
export const zh = {
  'stageOrder.futureDate': '实际完成日期不能晚于今天：尚未完成的阶段不能预先标记',
  'stageOrder.pending': '前面的阶段尚未完成：{stages}。如确需先标记本阶段，请勾选确认并写明原因。',
  'stageOrder.confirm': '确认在前面阶段未完成时先标记本阶段完成',
  'stageOrder.confirmRequired': '前面还有 {n} 个阶段未完成：请勾选确认，并写明原因',
  'stageOrder.reason': '原因',
  'stageOrder.reasonRequired': '请写明先标记本阶段的原因',
  'handover.outOfOrderReason': '提前标记的原因',
};

export const en: Record<keyof typeof zh, string> = {
  'stageOrder.futureDate': 'The actual date cannot be later than today: a stage cannot be marked done in advance',
  'stageOrder.pending': 'Earlier stages are not done yet: {stages}. To mark this stage done first, confirm and give the reason.',
  'stageOrder.confirm': 'I confirm marking this stage done before the earlier ones',
  'stageOrder.confirmRequired': '{n} earlier stage(s) not done: tick to confirm and give the reason',
  'stageOrder.reason': 'Reason',
  'stageOrder.reasonRequired': 'Say why this stage is marked done first',
  'handover.outOfOrderReason': 'Reason for marking out of order',
};
