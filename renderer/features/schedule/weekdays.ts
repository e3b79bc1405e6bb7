// Weekday names for standing appointments, ISO numbered (1 = Monday).
export const WEEKDAYS: readonly { day: number; name: string; plural: string }[] = [
  { day: 1, name: 'Monday', plural: 'Mondays' },
  { day: 2, name: 'Tuesday', plural: 'Tuesdays' },
  { day: 3, name: 'Wednesday', plural: 'Wednesdays' },
  { day: 4, name: 'Thursday', plural: 'Thursdays' },
  { day: 5, name: 'Friday', plural: 'Fridays' },
  { day: 6, name: 'Saturday', plural: 'Saturdays' },
  { day: 7, name: 'Sunday', plural: 'Sundays' },
];

/** "Tuesdays and Thursdays", "Mondays, Wednesdays and Fridays". */
export function weekdayList(days: readonly number[]): string {
  const names = WEEKDAYS.filter((weekday) => days.includes(weekday.day)).map((weekday) => weekday.plural);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
