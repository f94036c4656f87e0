import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ScaleUpValidationError } from '../../core/errors';
import { describeValue } from '../../core/validation';

/**
 * Checks of the daily and weekly time windows that RDS and ElastiCache take (backup, snapshot and
 * maintenance windows). Both services write the times in UTC.
 */

const DAILY_WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
const WEEKLY_WINDOW =
  /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)-(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)$/i;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** Throws unless `value` reads `hh24:mi-hh24:mi` (UTC) and lasts at least `minMinutes`. */
export function checkDailyWindow(
  scope: IConstruct,
  prop: string,
  value: string | undefined,
  minMinutes: number,
): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  const match = DAILY_WINDOW.exec(value);
  if (!match) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${describeValue(value)}; expected a UTC window in the format hh24:mi-hh24:mi, such as "03:00-04:00"`,
    );
  }
  const start = Number(match[1]) * 60 + Number(match[2]);
  const end = Number(match[3]) * 60 + Number(match[4]);
  const length = (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  checkLength(scope, prop, value, length, minMinutes);
}

/** Throws unless `value` reads `ddd:hh24:mi-ddd:hh24:mi` (UTC) and lasts at least `minMinutes`. */
export function checkWeeklyWindow(
  scope: IConstruct,
  prop: string,
  value: string | undefined,
  minMinutes: number,
): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  const match = WEEKLY_WINDOW.exec(value);
  if (!match) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${describeValue(value)}; expected a UTC window in the format ddd:hh24:mi-ddd:hh24:mi, ` +
        'such as "sun:04:30-sun:05:30"',
    );
  }
  const start = weekMinute(match[1], match[2], match[3]);
  const end = weekMinute(match[4], match[5], match[6]);
  const length = (end - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  checkLength(scope, prop, value, length, minMinutes);
}

/**
 * Throws when the daily window, repeated on every day of the week, overlaps the weekly window.
 * RDS and ElastiCache both reject a backup or snapshot window that overlaps the maintenance window.
 */
export function checkWindowsDoNotOverlap(
  scope: IConstruct,
  dailyProp: string,
  daily: string,
  weeklyProp: string,
  weekly: string,
): void {
  if (Token.isUnresolved(daily) || Token.isUnresolved(weekly)) {
    return;
  }
  const dailyMatch = DAILY_WINDOW.exec(daily);
  const weeklyMatch = WEEKLY_WINDOW.exec(weekly);
  if (!dailyMatch || !weeklyMatch) {
    return;
  }
  const dailyStart = Number(dailyMatch[1]) * 60 + Number(dailyMatch[2]);
  const dailyLength =
    (Number(dailyMatch[3]) * 60 + Number(dailyMatch[4]) - dailyStart + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const weeklyStart = weekMinute(weeklyMatch[1], weeklyMatch[2], weeklyMatch[3]);
  const weeklyEnd = weekMinute(weeklyMatch[4], weeklyMatch[5], weeklyMatch[6]);
  const weeklyLength = (weeklyEnd - weeklyStart + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;

  for (let day = 0; day < 7; day++) {
    const start = day * MINUTES_PER_DAY + dailyStart;
    if (intervalsOverlap(start, dailyLength, weeklyStart, weeklyLength)) {
      throw new ScaleUpValidationError(
        scope,
        `${dailyProp}/${weeklyProp}`,
        `${dailyProp} ${describeValue(daily)} overlaps ${weeklyProp} ${describeValue(weekly)}; ` +
          'choose windows that do not overlap on any day',
      );
    }
  }
}

/** Returns whether two intervals of the circular week, given as start minute and length, share a minute. */
function intervalsOverlap(startA: number, lengthA: number, startB: number, lengthB: number): boolean {
  const offset = (startB - startA + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  const reverseOffset = (startA - startB + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  return offset < lengthA || reverseOffset < lengthB;
}

function weekMinute(day: string, hour: string, minute: string): number {
  return DAYS.indexOf(day.toLowerCase()) * MINUTES_PER_DAY + Number(hour) * 60 + Number(minute);
}

function checkLength(
  scope: IConstruct,
  prop: string,
  value: string,
  length: number,
  minMinutes: number,
): void {
  if (length < minMinutes) {
    throw new ScaleUpValidationError(
      scope,
      prop,
      `got ${describeValue(value)}, which lasts ${length} minutes; the window must last at least ${minMinutes} minutes`,
    );
  }
}
