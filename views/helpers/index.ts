// Every Handlebars helper, by the name templates use. One helper per file beside this one.
import date from './date.js';
import datetime from './datetime.js';
import eq from './eq.js';
import label from './label.js';
import month from './month.js';
import num from './num.js';
import schedule from './schedule.js';
import t from './t.js';
import tel from './tel.js';

export const helpers = { date, datetime, eq, label, month, num, schedule, t, tel } as const;
