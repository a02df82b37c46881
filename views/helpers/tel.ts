// {{tel member.phone}} — the number to dial for a tel: link ('0574-86271234' → '057486271234',
// '+86 138 0000 0000' → '+8613800000000'); empty when the text is no whole number (a masked
// sample number like 0574-8×××××××), so that no link dials half a number.
export default function tel(value: unknown): string {
  if (typeof value !== 'string') return '';
  const digits = value.replace(/[\s\-().]/g, '');
  return /^\+?\d{3,20}$/.test(digits) ? digits : '';
}
