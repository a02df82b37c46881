// Messages of the security rules (merged into the catalogue by messages.ts): who may write
// decisions and links to meetings, calendar feed tokens, the anchored audit chain.
export const zh = {
  'item.meetingByOffice': '会议的议定事项和与会议的关联由专班办公室维护。',
  'item.referenceOtherGroup': '只能关联本工作组的记录',
};

export const en: Record<keyof typeof zh, string> = {
  'item.meetingByOffice': 'Decisions of a meeting and links to a meeting are kept by the office.',
  'item.referenceOtherGroup': 'Only records of your working groups can be linked',
};
