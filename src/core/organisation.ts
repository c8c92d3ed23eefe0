/** A department that owns ledger items and must publish them (责任单位 / 公开主体). */
export interface Department {
  readonly code: string;
  readonly name: string;
  readonly jurisdiction: string;
  /** Who receives its reminder digest. */
  readonly reminderEmails: readonly string[];
  /** Its head, copied once items are overdue. */
  readonly leaderEmail?: string | undefined;
}

/** The office that supervises a jurisdiction's disclosure work (政务公开主管部门, e.g. 区政府办公室). */
export interface Supervisor {
  readonly jurisdiction: string;
  readonly name: string;
  readonly emails: readonly string[];
}
