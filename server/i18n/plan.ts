// Messages of the plan screens (merged into the catalogue by messages.ts).
export const zh = {
} as const;

export const en: Record<keyof typeof zh, string> = {
};
