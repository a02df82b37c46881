// Messages of the security rules (merged into the catalogue by messages.ts): who may write
// decisions and links to meetings, calendar feed tokens, the anchored audit chain.
export const zh = {
  'item.meetingByOffice': '会议的议定事项和与会议的关联由专班办公室维护。',
  'item.referenceOtherGroup': '只能关联本工作组的记录',

  'audit.chainIncomplete': '日志链不完整：{reason}',
  'audit.chainChecked': '本次新校验 {n} 条；其余自上次校验后未变。',
  'audit.verifyFull': '全面核验',
  'audit.verifiedFull': '已全面核验全部 {n} 条。',
  'audit.moreFailures': '另有 {n} 处问题未列出。',
  'auditCheckpoint.head': '最新记录锚点',
  'auditCheckpoint.start': '起始锚点',
  'auditCheckpoint.keyed': '密钥启用锚点',
  'audit.failure.noKey': '未加载日志密钥，无法校验签名（密钥文件缺失或未配置）',
  'audit.failure.checkpointMissing': '缺少{checkpoint}（锚点被删除）',
  'audit.failure.checkpointForged': '{checkpoint}的签名不符（锚点被改动，或所用密钥不对）',
  'audit.failure.truncatedStart': '最早的记录被删除：现存第一条是第 {id} 条，按起始锚点应从第 {expected} 条接续',
  'audit.failure.truncatedEnd': '最新的记录被删除：日志止于第 {id} 条，最新记录锚点记载到第 {expected} 条',
  'audit.failure.headMismatch': '日志末尾与最新记录锚点不符：日志止于第 {id} 条，锚点记载第 {expected} 条（锚点被换成旧的）',
  'audit.failure.brokenLink': '第 {id} 条与前一条接不上（其前有记录被删除或插入）',
  'audit.failure.altered': '第 {id} 条的内容与其哈希不符（记录被改动）',
  'audit.failure.rechained': '第 {id} 条的哈希不是用日志密钥签的（记录被改动后按公开算法重算了哈希链）',
  'audit.failure.countMismatch': '记录条数不符：现有 {found} 条，应有 {expected} 条',
};

export const en: Record<keyof typeof zh, string> = {
  'item.meetingByOffice': 'Decisions of a meeting and links to a meeting are kept by the office.',
  'item.referenceOtherGroup': 'Only records of your working groups can be linked',

  'audit.chainIncomplete': 'The chain is not intact: {reason}',
  'audit.chainChecked': '{n} new entries checked this time; the others are unchanged since the last check.',
  'audit.verifyFull': 'Verify everything',
  'audit.verifiedFull': 'All {n} entries verified.',
  'audit.moreFailures': '{n} more problems not listed.',
  'auditCheckpoint.head': 'the head checkpoint',
  'auditCheckpoint.start': 'the start checkpoint',
  'auditCheckpoint.keyed': 'the key checkpoint',
  'audit.failure.noKey': 'the audit key is not loaded, so signatures cannot be checked (the key file is missing or not configured)',
  'audit.failure.checkpointMissing': '{checkpoint} is missing (it was deleted)',
  'audit.failure.checkpointForged': 'the signature of {checkpoint} does not match (it was changed, or this is not the key the log was signed with)',
  'audit.failure.truncatedStart': 'the oldest entries were removed: the first entry kept is {id}, the start checkpoint says the chain goes on at {expected}',
  'audit.failure.truncatedEnd': 'the newest entries were removed: the log ends at entry {id}, the head checkpoint names entry {expected}',
  'audit.failure.headMismatch': 'the end of the log does not match the head checkpoint: the log ends at entry {id}, the checkpoint names entry {expected} (an older checkpoint was put back)',
  'audit.failure.brokenLink': 'entry {id} does not link to the entry before it (an entry before it was removed or inserted)',
  'audit.failure.altered': 'entry {id} does not match its hash (it was changed)',
  'audit.failure.rechained': 'the hash of entry {id} was not made with the audit key (it was changed and the chain re-computed with the public formula)',
  'audit.failure.countMismatch': 'the number of entries does not match: {found} found, {expected} expected',
};
