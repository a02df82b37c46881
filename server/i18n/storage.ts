// Messages shown when the storage cannot take a write (a full or read-only disk) — merged into the
// catalogue by messages.ts.
export const zh = {
  'storage.title': '暂时无法保存',
  'storage.full': '存储空间不足，暂时无法保存，请稍后再试',
  'storage.readonly': '数据暂时只能查看、不能保存，请稍后再试',
  'storage.busy': '系统正忙，暂时无法保存，请稍后再试',
  'storage.nothingLost': '这次提交没有保存，已有的数据没有受影响。浏览和查询可以照常进行。',
};

export const en: Record<keyof typeof zh, string> = {
  'storage.title': 'Cannot save right now',
  'storage.full': 'The storage is full; nothing can be saved right now. Please try again later.',
  'storage.readonly': 'The data can be read but not saved right now. Please try again later.',
  'storage.busy': 'The system is busy and could not save. Please try again later.',
  'storage.nothingLost': 'This submission was not saved; the data already stored is unaffected. You can go on reading and searching.',
};
