/**
 * One message at a time between the relay's acceptance and its record (the 250-to-record window).
 *
 * SMTP has no way to ask a relay "did you take this one?": a process killed after the final "." of a message and
 * before its "sent" is committed leaves it claimed, and whoever takes the claim over sends it again. With ten
 * messages in flight over five connections, each free to finish at any moment, a kill could land while several wait
 * for their record, and double them all (4 in one kill of a fault-suite run). So every connection prepares its message in parallel (connect, MAIL, RCPT, DATA and
 * the whole body), and only the final "." waits for its turn; the turn ends once the result is recorded. A kill
 * then doubles at most the one message whose turn it was.
 *
 * The turns are the process's: a kill ends one process, and a replica's two overlapping deliver runs (a tick and a
 * catch-up) share them.
 */
export interface CommitTurn {
  /** Waits for the turn (the transport calls it just before the final "."); a second call waits for the same turn. */
  take(): Promise<void>;
  /** Ends the turn, whether or not it was taken yet: one taken later is handed on at once. Safe to call twice. */
  end(): void;
}

export function commitTurns(): () => CommitTurn {
  let last: Promise<void> = Promise.resolve();
  return () => {
    let taking: Promise<void> | undefined;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    return {
      take() {
        if (!taking) {
          taking = last;
          last = last.then(() => finished);
        }
        return taking;
      },
      end() {
        finish();
      },
    };
  };
}

/** The process's turns, shared by every delivery in it. */
export const nextCommitTurn = commitTurns();
