/**
 * A State Council holiday notice for year N may reach back into late December of year N-1: the 2019 notice made
 * 2018-12-29 a make-up workday and 2018-12-30/31 holidays, the 2023 notice made 2022-12-31 a holiday. So a calendar
 * file for year N may name dates from this day of December N-1 on, and those days of December stay provisional
 * until the notice for N is loaded.
 */
export const NEXT_NOTICE_REACH_DAY = 25;
