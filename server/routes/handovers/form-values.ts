// Form fields named by their path in the input ("plannedDates.survey", "shares.central.committed")
// so that a validation error's path is the field's name: nest() turns a form body into the nested
// input the services parse, flatten() turns nested values back into form values.
type Values = Record<string, unknown>;

const unsafe = new Set(['__proto__', 'prototype', 'constructor']);

export function nest(body: Values): Values {
  const out: Values = {};
  for (const [key, value] of Object.entries(body)) {
    const parts = key.split('.');
    if (parts.some((p) => !p || unsafe.has(p))) continue;
    let node = out;
    parts.slice(0, -1).forEach((part) => {
      const next = node[part];
      node = (node[part] = next && typeof next === 'object' && !Array.isArray(next) ? next : {}) as Values;
    });
    node[parts.at(-1)!] = value;
  }
  return out;
}

export function flatten(values: Values, prefix = ''): Values {
  const out: Values = {};
  for (const [key, value] of Object.entries(values)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value)) Object.assign(out, flatten(value as Values, path));
    else out[path] = value;
  }
  return out;
}
