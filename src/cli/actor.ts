import { defaultActor } from '../runtime/settings.js';
import { UsageError } from './usage-error.js';

/** Who a command acts as in the history: --actor, else DW_ACTOR or the login name; never blank. */
export function actorOf(option: string | undefined): string {
  const actor = (option ?? defaultActor()).trim();
  if (!actor) throw new UsageError('--actor must name someone: the history records who did what (全程留痕)');
  return actor;
}
