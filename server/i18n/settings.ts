// Messages of the settings page (/admin/settings), merged into the catalogue by messages.ts.
export const zh = {
  'settings.title': '系统设置',
  'settings.link': '系统设置',
  'settings.intro': '这些名称显示在页面顶部、会议纪要和月度纪要汇编中，修改记入操作日志。',
  'settings.organisationName': '地区或单位名称',
  'settings.organisationNameHint': '显示在页面顶部，并作为会议纪要标题的开头，如“××区”。工作组名称已以此开头的，标题中不再重复。',
  'settings.programmeTitle': '工作名称',
  'settings.programmeTitleHint': '接在地区或单位名称之后组成纪要标题：地区或单位名称＋工作名称＋工作组名称＋“会议纪要”；也印在月度纪要汇编封面上。',
  'settings.minutesOrgan': '纪要印发机关',
  'settings.minutesOrganHint': '会议制度未指定印发机关时，纪要标题下和版记中的印发机关；也是月度纪要汇编的编印单位。',
  'settings.save': '保存设置',
  'settings.saved': '设置已保存。',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'settings.title': 'Settings',
  'settings.link': 'Settings',
  'settings.intro': 'These names appear in the page header, in the minutes and in the monthly minutes pack; changes are recorded in the audit log.',
  'settings.organisationName': 'District or organisation',
  'settings.organisationNameHint': 'Shown in the page header and at the head of minutes titles. A working group whose name already starts with it is not prefixed again.',
  'settings.programmeTitle': 'Programme title',
  'settings.programmeTitleHint': 'Follows the organisation in minutes titles (organisation + programme + working group + “minutes”) and appears on the monthly pack’s cover.',
  'settings.minutesOrgan': 'Issuing organ of minutes',
  'settings.minutesOrganHint': 'Issues the minutes of a meeting series that names no issuing office, and compiles the monthly minutes pack.',
  'settings.save': 'Save settings',
  'settings.saved': 'Settings saved.',
};
