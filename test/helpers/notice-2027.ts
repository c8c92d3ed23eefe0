/**
 * A hypothetical 2027 holiday schedule (节假日安排), for tests and benchmarks of "the next year's notice is loaded":
 * the 2027 notice was not out when this was written, so these dates are plausible, not official. Never ship it.
 */
export const HYPOTHETICAL_2027_YAML = `# Hypothetical: for tests only (the 2027 notice was not out when it was written).
year: 2027
notice: "国办发明电〔2026〕X号（测试用假设安排）"
published: 2026-11-10
sources:
  - https://example.invalid/2027-hypothetical
holidays:
  - name: 元旦
    nameEn: "New Year's Day"
    off: [2027-01-01, 2027-01-02, 2027-01-03]
  - name: 春节
    nameEn: "Spring Festival"
    off: [2027-02-06, 2027-02-07, 2027-02-08, 2027-02-09, 2027-02-10, 2027-02-11, 2027-02-12, 2027-02-13, 2027-02-14]
    makeupWorkdays: [2027-01-31, 2027-02-20]
  - name: 清明节
    nameEn: "Tomb-sweeping Day (Qingming)"
    off: [2027-04-03, 2027-04-04, 2027-04-05]
  - name: 劳动节
    nameEn: "Labour Day"
    off: [2027-05-01, 2027-05-02, 2027-05-03, 2027-05-04, 2027-05-05]
    makeupWorkdays: [2027-04-25, 2027-05-08]
  - name: 端午节
    nameEn: "Dragon Boat Festival"
    off: [2027-06-09]
  - name: 中秋节
    nameEn: "Mid-autumn Festival"
    off: [2027-09-15]
  - name: 国庆节
    nameEn: "National Day"
    off: [2027-10-01, 2027-10-02, 2027-10-03, 2027-10-04, 2027-10-05, 2027-10-06, 2027-10-07]
    makeupWorkdays: [2027-09-26, 2027-10-09]
`;
